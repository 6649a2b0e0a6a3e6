package org.payercrd.conformance;

/** Inferno group "encounter-start". */
class EncounterStartGroupTest extends EncounterHookGroupTest {

    EncounterStartGroupTest() {
        super("encounter-start");
    }
}
