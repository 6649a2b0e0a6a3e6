package org.payercrd.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which media type an error body has, from the request's {@code Accept}: FHIR JSON only for a FHIR client. */
class ErrorMediaTypeTest {

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "none                                        | application/json",
                "*/*                                         | application/json",
                "application/json                            | application/json",
                "text/html                                   | application/json",
                "application/fhir+json                       | application/fhir+json",
                "application/fhir+json, application/json     | application/fhir+json",
                "application/json, application/fhir+json;q=0.5 | application/json",
                "application/fhir+json;q=0                   | application/json",
                "not a media type;;;                         | application/json"
            })
    void errorsAreJsonUnlessTheClientAsksForFhirJson(String accept, String expected) {
        assertThat(ErrorHandler.mediaTypeFor(accept).toString()).isEqualTo(expected);
    }
}
