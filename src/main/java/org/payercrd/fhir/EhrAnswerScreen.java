package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.protocol.HttpContext;

/**
 * Screens every answer of an EHR FHIR server before HAPI parses it. Added last to the HTTP client's response
 * interceptors, so it sees the body after the client has decompressed it: a 1 MB gzip body inflating to a gigabyte
 * is read no further than the cap, in milliseconds and a few MB of memory.
 * <ul>
 *   <li>At most {@code maxBytes} are read, decompressed; a longer answer is refused.</li>
 *   <li>A success's body must be FHIR JSON read under the request's rules ({@link FhirJsonReading}): a member given
 *       twice or a number no FHIR decimal needs makes the answer unusable, where HAPI would keep the last member
 *       or spend seconds writing the number out.</li>
 *   <li>A success's Bundle may hold at most {@code maxEntries} entries, the bound a prefetch value has
 *       ({@code crd.request.max-resources-per-prefetch}): the policies' cost grows with the patient's resources
 *       times the orders they review, and an answer within the byte cap could hold thousands.</li>
 *   <li>An error's body that does not pass is dropped: HAPI then reports the status alone.</li>
 * </ul>
 * A refused answer raises {@link UnusableEhrAnswerException}; the HTTP client then closes the connection without
 * reading the rest, and the read's data is reported as not checked.
 */
final class EhrAnswerScreen implements HttpResponseInterceptor {

    private final long maxBytes;
    private final int maxEntries;

    EhrAnswerScreen(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    @Override
    public void process(HttpResponse response, HttpContext context) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return;
        }
        boolean success = response.getStatusLine().getStatusCode() / 100 == 2;
        byte[] body = read(entity);
        try {
            JsonNode tree = FhirJsonReading.readTree(body, "the FHIR server's answer");
            int entries = tree.path("entry").size();
            if (success && entries > maxEntries) {
                throw new UnusableEhrAnswerException("the FHIR server's answer has " + entries + " entries; at most "
                        + maxEntries + " are used (crd.request.max-resources-per-prefetch)");
            }
        } catch (InvalidFhirContentException e) {
            if (success) {
                throw new UnusableEhrAnswerException(e.getMessage());
            }
            body = new byte[0];
        }
        ByteArrayEntity buffered = new ByteArrayEntity(body);
        buffered.setContentType(entity.getContentType());
        response.setEntity(buffered);
    }

    /**
     * The body, whole, or a refusal past the cap. The stream is not closed on a refusal: closing it would read on
     * to the end of a chunked body; the client closes the connection instead.
     */
    private byte[] read(HttpEntity entity) throws IOException {
        if (entity.getContentLength() > maxBytes) {
            throw tooLarge();
        }
        InputStream in = entity.getContent();
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream body =
                new ByteArrayOutputStream((int) Math.min(maxBytes, Math.max(entity.getContentLength(), 8192)));
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            if (body.size() + (long) n > maxBytes) {
                throw tooLarge();
            }
            body.write(chunk, 0, n);
        }
        in.close();
        return body.toByteArray();
    }

    private UnusableEhrAnswerException tooLarge() {
        return new UnusableEhrAnswerException("the FHIR server's answer is larger than " + maxBytes + " bytes");
    }
}
