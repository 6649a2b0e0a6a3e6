package org.payercrd.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;

/**
 * HAPI parse-error policy for what EHRs send. Unknown elements, empty codings and other small departures that
 * real clients produce are tolerated silently (logging each one would cost every request); a JSON value of the
 * wrong kind (a string where FHIR has a list or an object) is not FHIR at all and fails the parse.
 */
class EhrContentErrorHandler extends LenientErrorHandler {

    EhrContentErrorHandler() {
        super(false);
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected,
            ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
        throw new DataFormatException(
                createIncorrectJsonTypeMessage(elementName, expected, expectedScalar, found, foundScalar)
                        + (location == null ? "" : " at " + location));
    }
}
