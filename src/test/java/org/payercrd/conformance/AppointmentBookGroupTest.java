package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inferno group "appointment-book": valid responses with a systemActions array. Where we differ from the suite:
 * Inferno looks for the coverage information on the Appointment; CRD's "appointment with order" profile puts the
 * details of what is booked, and so the assertion, on the ServiceRequest the appointment is based on, which is
 * where this service records it.
 */
class AppointmentBookGroupTest extends ConformanceSuite {

    private static final String SERVICE = "crd-appointment-book";
    private static final String IRE = "conformance/appointment-book/ire-appointment-based-on-order.json";
    private static final String INFERNO = "conformance/appointment-book/inferno-proposed-appointments.json";

    @ParameterizedTest
    @ValueSource(strings = {INFERNO, IRE})
    void everyBodyGetsAConformantResponse(String fixture) {
        assertConformant(call(SERVICE, fixture));
    }

    @Test
    void appointmentsForOrdersNoPolicyGovernsGetAnEmptyAnswer() {
        HookExchange exchange = call(SERVICE, INFERNO);

        assertThat(exchange.cards()).isEmpty();
        assertThat(exchange.systemActions().isArray()).isTrue();
        assertThat(exchange.systemActions()).isEmpty();
    }

    @Test
    void theOrderAnAppointmentIsBasedOnGetsTheAssertionAndTheAppointmentIsLeftAlone() {
        HookExchange exchange = call(SERVICE, IRE);

        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-1");
        assertThat(count(exchange.cards(), CardKinds::isExternalReference)).isPositive();
        assertThat(count(exchange.cards(), CardKinds::isInstructions)).isPositive();
    }
}
