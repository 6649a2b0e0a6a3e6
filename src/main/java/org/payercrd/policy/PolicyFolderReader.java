package org.payercrd.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.InvalidFhirContentException;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads policy folders from Spring resource locations (inside the jar or on disk). Each {@code *.json} file is
 * one FHIR resource; a Library whose content names a relative {@code .cql} file gets that file's text as its
 * {@code text/cql} content, so that analysts edit readable CQL rather than base64. Bundles (demo data) are
 * skipped.
 */
class PolicyFolderReader {

    private final ResourcePatternResolver resolver;
    private final FhirJson fhirJson;

    PolicyFolderReader(ResourcePatternResolver resolver, FhirJson fhirJson) {
        this.resolver = resolver;
        this.fhirJson = fhirJson;
    }

    List<PolicyFolder> read(String location) {
        String base = location.endsWith("/") ? location : location + "/";
        Map<String, List<org.springframework.core.io.Resource>> filesByFolder = new LinkedHashMap<>();
        for (org.springframework.core.io.Resource file : find(base + "*/*.json")) {
            filesByFolder
                    .computeIfAbsent(folderOf(file), k -> new ArrayList<>())
                    .add(file);
        }
        List<PolicyFolder> folders = new ArrayList<>();
        filesByFolder.forEach((folder, files) -> folders.add(readFolder(base, folder, files)));
        folders.sort(Comparator.comparing(PolicyFolder::name));
        return folders;
    }

    private PolicyFolder readFolder(String base, String folder, List<org.springframework.core.io.Resource> files) {
        files.sort(Comparator.comparing(org.springframework.core.io.Resource::getFilename));
        List<Resource> resources = new ArrayList<>();
        for (org.springframework.core.io.Resource file : files) {
            IBaseResource parsed = parse(base + folder + "/" + file.getFilename(), file);
            if (parsed instanceof Bundle) {
                continue;
            }
            if (parsed instanceof Library library) {
                embedCql(base + folder + "/", library);
            }
            resources.add((Resource) parsed);
        }
        return new PolicyFolder(base, folder, List.copyOf(resources));
    }

    private void embedCql(String folderUrl, Library library) {
        for (Attachment content : library.getContent()) {
            if (!content.hasData() && content.hasUrl() && !content.getUrl().contains(":")) {
                String cqlUrl = folderUrl + content.getUrl();
                content.setData(readText(cqlUrl, resolver.getResource(cqlUrl)).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private IBaseResource parse(String where, org.springframework.core.io.Resource file) {
        try {
            return fhirJson.parseAny(readText(where, file), where);
        } catch (InvalidFhirContentException e) {
            throw new PolicyDefinitionException(e.getMessage(), e);
        }
    }

    private List<org.springframework.core.io.Resource> find(String pattern) {
        try {
            return new ArrayList<>(Arrays.asList(resolver.getResources(pattern)));
        } catch (IOException e) {
            throw new PolicyDefinitionException(
                    "Cannot list policy resources at " + pattern + ": " + e.getMessage(), e);
        }
    }

    private static String readText(String where, org.springframework.core.io.Resource file) {
        try (InputStream in = file.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyDefinitionException("Cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static String folderOf(org.springframework.core.io.Resource file) {
        try {
            String url = file.getURL().toString();
            String parent = url.substring(0, url.lastIndexOf('/'));
            return parent.substring(parent.lastIndexOf('/') + 1);
        } catch (IOException e) {
            throw new PolicyDefinitionException("Cannot locate " + file + ": " + e.getMessage(), e);
        }
    }
}
