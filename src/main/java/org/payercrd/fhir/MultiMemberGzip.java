package org.payercrd.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;
import org.apache.http.client.entity.InputStreamFactory;

/**
 * Gzip decoding of EHR answers that reads every member of a gzip body (RFC 1952 allows any number end to end).
 * The JDK's {@link GZIPInputStream} (before JDK 23, JDK-7036144) takes a member's end for the stream's end when
 * {@code available()} is 0 there, that is when the next member has not arrived yet: the answer is cut short at a
 * member boundary depending on the network's timing, and then refused as "not JSON" (seen in CI: a gzip body cut
 * after its first member's 53 bytes). Under it, a stream whose {@code available()} looks one byte ahead, so that
 * only the real end of the body ends the decoding. The look-ahead blocks as the next read would; the read's socket
 * timeout and its deadline abort ({@link InFlightReads}) bound it like any other read.
 */
final class MultiMemberGzip implements InputStreamFactory {

    static final MultiMemberGzip FACTORY = new MultiMemberGzip();

    private MultiMemberGzip() {}

    @Override
    public InputStream create(InputStream body) throws IOException {
        return new GZIPInputStream(new LookAhead(body));
    }

    /** {@code available()} is 0 only at the end of the stream. */
    private static final class LookAhead extends PushbackInputStream {

        LookAhead(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int available = super.available();
            if (available > 0) {
                return available;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }
}
