package org.payercrd.fhir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Writes a HAPI resource inside a Jackson document as the JSON HAPI's encoder produces. */
class FhirResourceSerializer extends StdSerializer<IBaseResource> {

    private final FhirJson fhirJson;

    FhirResourceSerializer(FhirJson fhirJson) {
        super(IBaseResource.class);
        this.fhirJson = fhirJson;
    }

    @Override
    public void serialize(IBaseResource resource, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
        generator.writeRawValue(fhirJson.encode(resource));
    }
}
