package org.payercrd.coverage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.CrdProperties;
import org.payercrd.coverage.CoverageResolution.Kind;
import org.payercrd.coverage.PayerMatcher.Payer;
import org.payercrd.fhir.PatientData;
import org.payercrd.fhir.RelativeReference;
import org.springframework.stereotype.Component;

/**
 * Picks the coverage an order will be billed to, and tells whether it is this payer's. Among the patient's active
 * coverages (status active or absent, period covering today): the one the order names in {@code insurance}, else
 * one with this payer, else one that names no payer, else another payer's.
 *
 * <p>In strict mode a coverage of another payer, or one naming no payer, is refused (CRD 2.2 hook-13); otherwise
 * another payer's coverage makes the order none of this payer's business, and a coverage naming no payer is taken
 * as this payer's, as the CRD test kit's fixtures expect.
 */
@Component
public class CoverageSelector {

    private final PayerMatcher payerMatcher;
    private final boolean strict;
    private final Clock clock;

    public CoverageSelector(PayerMatcher payerMatcher, CrdProperties properties, Clock clock) {
        this.payerMatcher = payerMatcher;
        this.strict = properties.payer().strict();
        this.clock = clock;
    }

    public CoverageResolution coverageFor(Resource order, PatientData data) {
        LocalDate today = LocalDate.now(clock);
        List<Coverage> active = data.coverages().stream()
                .filter(c -> isActive(c, today, clock.getZone()))
                .toList();
        Optional<Coverage> chosen = namedByOrder(order, active)
                .or(() -> active.stream().min(Comparator.comparingInt(c -> preference(payerMatcher.payerOf(c)))));
        if (chosen.isEmpty()) {
            return new CoverageResolution(Kind.NO_COVERAGE, null);
        }
        Coverage coverage = chosen.get();
        Payer payer = payerMatcher.payerOf(coverage);
        if (strict && payer != Payer.OURS) {
            throw new CoverageNotHandledException("Coverage/" + coverage.getIdPart() + " of "
                    + RelativeReference.of(order)
                    + (payer == Payer.OTHER
                            ? " is with another payer: this service answers for its own members only"
                            : " names no payer (Coverage.payor has neither identifier nor display)"));
        }
        return new CoverageResolution(payer == Payer.OTHER ? Kind.OTHER_PAYER : Kind.OUR_MEMBER, coverage);
    }

    private static int preference(Payer payer) {
        return switch (payer) {
            case OURS -> 0;
            case UNIDENTIFIED -> 1;
            case OTHER -> 2;
        };
    }

    /** Order resources that carry {@code insurance} (ServiceRequest, DeviceRequest, MedicationRequest...). */
    private static Optional<Coverage> namedByOrder(Resource order, List<Coverage> coverages) {
        Property insurance;
        try {
            insurance = order.getNamedProperty("insurance");
        } catch (FHIRException e) {
            return Optional.empty();
        }
        if (insurance == null) {
            return Optional.empty();
        }
        for (Base value : insurance.getValues()) {
            if (value instanceof Reference reference
                    && reference.getReferenceElement().getIdPart() != null) {
                String id = reference.getReferenceElement().getIdPart();
                Optional<Coverage> named =
                        coverages.stream().filter(c -> id.equals(c.getIdPart())).findFirst();
                if (named.isPresent()) {
                    return named;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isActive(Coverage coverage, LocalDate today, ZoneId zone) {
        if (coverage.hasStatus() && coverage.getStatus() != Coverage.CoverageStatus.ACTIVE) {
            return false;
        }
        if (coverage.hasPeriod()) {
            if (coverage.getPeriod().hasStart()
                    && coverage.getPeriod()
                            .getStart()
                            .toInstant()
                            .atZone(zone)
                            .toLocalDate()
                            .isAfter(today)) {
                return false;
            }
            if (coverage.getPeriod().hasEnd()
                    && coverage.getPeriod()
                            .getEnd()
                            .toInstant()
                            .atZone(zone)
                            .toLocalDate()
                            .isBefore(today)) {
                return false;
            }
        }
        return true;
    }
}
