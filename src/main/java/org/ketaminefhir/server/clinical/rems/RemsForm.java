package org.ketaminefhir.server.clinical.rems;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Type;

/**
 * The SPRAVATO REMS Patient Monitoring Form of one session as its records fill it in, read by {@link RemsChart}: each
 * field by name, in the form's order, with its value, or null where the records do not give it.
 */
public record RemsForm(Map<String, Type> fields) {

    public RemsForm {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The fields the records do not fill in, in the form's order. */
    public List<String> missing() {
        return fields.entrySet().stream()
                .filter(field -> field.getValue() == null)
                .map(Map.Entry::getKey)
                .toList();
    }
}
