package org.payercrd.conformance;

/** Inferno group "encounter-discharge". */
class EncounterDischargeGroupTest extends EncounterHookGroupTest {

    EncounterDischargeGroupTest() {
        super("encounter-discharge");
    }
}
