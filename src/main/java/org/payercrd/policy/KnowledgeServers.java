package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.payercrd.CrdProperties;

/**
 * The FHIR knowledge servers of {@code crd.policies.servers}, read one after the other. At start-up a server that
 * cannot be read stops the service (a CRD service without its policies must not report ready); during a reload the
 * reloader keeps the served catalog instead.
 */
public final class KnowledgeServers {

    private final List<KnowledgeServerReader> readers;

    public KnowledgeServers(FhirContext fhirContext, List<CrdProperties.KnowledgeServer> servers) {
        this.readers = IntStream.range(0, servers.size())
                .mapToObj(i -> new KnowledgeServerReader(fhirContext, servers.get(i), i))
                .toList();
    }

    public boolean isEmpty() {
        return readers.isEmpty();
    }

    /** The servers as messages name them. */
    public List<String> names() {
        return readers.stream().map(KnowledgeServerReader::name).toList();
    }

    /**
     * Every server's policies, and the ids and versions ({@code meta.versionId}, {@code version}) of every resource
     * read: a reload looks at these to tell a new version on a server.
     *
     * @throws PolicyDefinitionException naming the server that could not be read
     */
    public KnowledgeServerReader.Content read() {
        List<PolicyFolder> folders = new ArrayList<>();
        Map<String, String> versions = new TreeMap<>();
        for (KnowledgeServerReader reader : readers) {
            KnowledgeServerReader.Content content = reader.read();
            folders.addAll(content.folders());
            versions.putAll(content.versions());
        }
        return new KnowledgeServerReader.Content(List.copyOf(folders), Map.copyOf(versions));
    }
}
