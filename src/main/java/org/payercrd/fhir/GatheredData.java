package org.payercrd.fhir;

/** The patient's data for one hook call, and how it was gathered. */
public record GatheredData(PatientData patientData, DataGathering gathering) {
}
