package org.payercrd.fhir;

import static org.payercrd.RunningService.fixture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The IRE 0600T order-sign fixture with one change made to it, for the tests of how the service reads EHR data. */
final class EditedRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EditedRequests() {}

    static String request(Consumer<ObjectNode> change) {
        return request("requests/order-sign-ire-0600T.json", change);
    }

    /** The request of this fixture, changed. */
    static String request(String fixture, Consumer<ObjectNode> change) {
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(fixture(fixture));
            change.accept(request);
            return JSON.writeValueAsString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode prefetch(ObjectNode request) {
        return (ObjectNode) request.get("prefetch");
    }
}
