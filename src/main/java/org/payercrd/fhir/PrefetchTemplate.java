package org.payercrd.fhir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDS Hooks prefetch template, such as {@code Coverage?patient={{context.patientId}}&status=active}: either a
 * read ({@code Type/id}) or a search ({@code Type?params}), relative to the EHR's FHIR base. Parsed at start-up,
 * so that a template the service could never fetch stops the service there, not on a request.
 *
 * <p>Only the CDS Hooks 2.0 prefetch tokens are allowed: {@code {{context.<field>}}} and the {@code {{user...Id}}}
 * tokens derived from {@code context.userId}.
 */
public record PrefetchTemplate(String key, String template, String resourceType, boolean read, Set<String> tokens) {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");
    private static final Pattern SHAPE = Pattern.compile("([A-Z][A-Za-z]+)(/[^?/]+|\\?.*)?");
    private static final Pattern CONTEXT_TOKEN = Pattern.compile("context\\.[A-Za-z][A-Za-z0-9]*");
    private static final Set<String> USER_TOKENS =
            Set.of("userPractitionerId", "userPractitionerRoleId", "userPatientId", "userRelatedPersonId");

    public static PrefetchTemplate parse(String key, String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("prefetch template '" + key + "' is empty");
        }
        Set<String> tokens = new LinkedHashSet<>();
        Matcher matcher = TOKEN.matcher(template);
        while (matcher.find()) {
            String token = matcher.group(1);
            if (!CONTEXT_TOKEN.matcher(token).matches() && !USER_TOKENS.contains(token)) {
                throw new IllegalArgumentException("prefetch template '" + key + "' uses {{" + token
                        + "}}, which is not a CDS Hooks 2.0 prefetch token");
            }
            tokens.add(token);
        }
        Matcher shape = SHAPE.matcher(TOKEN.matcher(template).replaceAll("x"));
        if (!shape.matches()) {
            throw new IllegalArgumentException("prefetch template '" + key + "' must be a relative read (Type/id) or"
                    + " search (Type?params), not: " + template);
        }
        boolean read = shape.group(2) != null && shape.group(2).startsWith("/");
        return new PrefetchTemplate(key, template, shape.group(1), read, Set.copyOf(tokens));
    }

    /**
     * The relative FHIR URL for this request's context, or empty when a token has no value here (such as
     * {@code {{context.encounterId}}} on a call without an encounter) and the query cannot be made.
     */
    public Optional<String> resolve(PrefetchTokens values) {
        StringBuilder url = new StringBuilder();
        Matcher matcher = TOKEN.matcher(template);
        while (matcher.find()) {
            Optional<String> value = values.value(matcher.group(1));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            // Context values come from the EHR's request: encoded, so that none can add parameters or paths.
            matcher.appendReplacement(
                    url, Matcher.quoteReplacement(URLEncoder.encode(value.get(), StandardCharsets.UTF_8)));
        }
        matcher.appendTail(url);
        // A read's id must be a FHIR id once tokens are filled in.
        if (read && !FhirId.isValid(RelativeReference.idOf(url.toString()))) {
            return Optional.empty();
        }
        return Optional.of(url.toString());
    }
}
