package org.ketaminefhir.server.clinical.questionnaire;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * SDC template-based extraction (SDC STU4 / 4.0.0-ballot), interpreting the Questionnaire generically: nothing here
 * knows an instrument. A {@code sdc-questionnaire-templateExtract} extension (sub-extension {@code template}, a
 * reference to a contained resource) on the Questionnaire extracts its template once, with the response as context; on
 * an item, once per response item of that linkId, with that item as context. In a copy of the template, an element
 * carrying {@code sdc-questionnaire-templateExtractContext} is repeated once per result of its FHIRPath expression (and
 * dropped when there is none), its content evaluated in that context; an element carrying
 * {@code sdc-questionnaire-templateExtractValue} takes the results of its expression as its value (dropped when there
 * is none). Expressions are evaluated with HAPI's R4 FHIRPath engine, {@code %resource} being the response; the
 * template's id and the extraction extensions are left out, and elements left empty are removed.
 *
 * <p>The answer is the SDC {@code $extract} result: a transaction Bundle creating what was extracted. The response's id
 * (when it has one) is its logical id, so that {@code 'QuestionnaireResponse/' + %resource.id} names it.
 */
public class TemplateExtraction {

    public static final String SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
    public static final String TEMPLATE_EXTRACT = SDC + "sdc-questionnaire-templateExtract";
    public static final String TEMPLATE_VALUE = SDC + "sdc-questionnaire-templateExtractValue";
    public static final String TEMPLATE_CONTEXT = SDC + "sdc-questionnaire-templateExtractContext";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirContext fhirContext;
    private final ThreadLocal<FHIRPathEngine> engines;
    private final Map<String, ExpressionNode> parsed = new ConcurrentHashMap<>();

    public TemplateExtraction(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        this.engines = ThreadLocal.withInitial(
                () -> new FHIRPathEngine(new HapiWorkerContext(fhirContext, fhirContext.getValidationSupport())));
    }

    /** A template that cannot be applied (a bad reference, expression or result): the Questionnaire is at fault. */
    public static class TemplateException extends RuntimeException {
        public TemplateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the response yields by the Questionnaire's templates, as a transaction Bundle of creates. */
    public Bundle extract(Questionnaire questionnaire, QuestionnaireResponse response) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : resources(questionnaire, response)) {
            bundle.addEntry()
                    .setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl(resource.fhirType());
        }
        return bundle;
    }

    /** What the response yields by the Questionnaire's templates, in the Questionnaire's order. */
    public List<Resource> resources(Questionnaire questionnaire, QuestionnaireResponse response) {
        QuestionnaireResponse context = response.copy();
        if (response.getIdElement().hasIdPart()) {
            context.setId(response.getIdElement().getIdPart());
        } else {
            context.setIdElement(null);
        }
        List<Resource> out = new ArrayList<>();
        for (Extension extract : questionnaire.getExtensionsByUrl(TEMPLATE_EXTRACT)) {
            out.addAll(apply(questionnaire, extract, context, context));
        }
        ResponseItems items = new ResponseItems(questionnaire, context);
        for (Questionnaire.QuestionnaireItemComponent item : items.items()) {
            for (Extension extract : item.getExtensionsByUrl(TEMPLATE_EXTRACT)) {
                for (QuestionnaireResponse.QuestionnaireResponseItemComponent answered :
                        items.responseItems(item.getLinkId())) {
                    out.addAll(apply(questionnaire, extract, context, answered));
                }
            }
        }
        return out;
    }

    private List<Resource> apply(
            Questionnaire questionnaire, Extension extract, QuestionnaireResponse response, Base focus) {
        Extension templateRef = extract.getExtensionByUrl("template");
        if (templateRef == null
                || !(templateRef.getValue() instanceof Reference reference)
                || !reference.hasReference()) {
            throw new TemplateException("a templateExtract without a template reference", null);
        }
        Resource template = contained(questionnaire, reference.getReference())
                .orElseThrow(() -> new TemplateException(
                        "template " + reference.getReference() + " is not contained in the Questionnaire", null));
        IParser parser = fhirContext.newJsonParser();
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(parser.encodeResourceToString(template));
            node.remove("id");
            List<JsonNode> results = element(node, focus, response, "");
            List<Resource> out = new ArrayList<>();
            for (JsonNode result : results) {
                if (result instanceof ObjectNode object) {
                    prune(object);
                    out.add((Resource) parser.parseResource(JSON.writeValueAsString(object)));
                }
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TemplateException("template " + reference.getReference() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Resource> contained(Questionnaire questionnaire, String reference) {
        String id = reference.startsWith("#") ? reference.substring(1) : reference;
        return questionnaire.getContained().stream()
                .filter(r ->
                        id.equals(r.getIdElement().getIdPart()) || ("#" + id).equals(r.getId()) || id.equals(r.getId()))
                .findFirst();
    }

    /** An object element of the template in a context: its copies (none, one, or one per context result). */
    private List<JsonNode> element(ObjectNode element, Base focus, QuestionnaireResponse response, String name) {
        Optional<String> context = expression(element, TEMPLATE_CONTEXT);
        if (context.isPresent()) {
            List<JsonNode> out = new ArrayList<>();
            for (Base each : evaluate(context.get(), focus, response)) {
                ObjectNode copy = element.deepCopy();
                strip(copy, TEMPLATE_CONTEXT);
                out.addAll(element(copy, each, response, name));
            }
            return out;
        }
        Optional<String> value = expression(element, TEMPLATE_VALUE);
        if (value.isPresent()) {
            List<JsonNode> out = new ArrayList<>();
            for (Base result : evaluate(value.get(), focus, response)) {
                out.add(complex(result, name));
            }
            return out;
        }
        fields(element, focus, response);
        return List.of(element);
    }

    /** The fields of an object element: primitives with their {@code _name} extensions, objects, arrays. */
    private void fields(ObjectNode element, Base focus, QuestionnaireResponse response) {
        List<String> names = new ArrayList<>();
        element.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode child = element.get(name);
            if (child == null) {
                continue;
            }
            if (name.startsWith("_") && child instanceof ObjectNode holder) {
                primitive(element, name.substring(1), holder, focus, response);
            } else if (child instanceof ObjectNode object && !"extension".equals(name)) {
                List<JsonNode> results = element(object, focus, response, name);
                if (results.isEmpty()) {
                    element.remove(name);
                } else {
                    element.set(name, results.get(0));
                }
            } else if (child instanceof ArrayNode array && !"extension".equals(name)) {
                ArrayNode replaced = JSON.createArrayNode();
                for (JsonNode each : array) {
                    if (each instanceof ObjectNode object) {
                        replaced.addAll(element(object, focus, response, name));
                    } else {
                        replaced.add(each);
                    }
                }
                element.set(name, replaced);
            }
        }
    }

    /** A primitive whose extensions ({@code _name}) carry a templateExtractValue: its value from the expression. */
    private void primitive(
            ObjectNode element, String name, ObjectNode holder, Base focus, QuestionnaireResponse response) {
        Optional<String> value = expression(holder, TEMPLATE_VALUE);
        if (value.isEmpty()) {
            return;
        }
        strip(holder, TEMPLATE_VALUE);
        if (holder.isEmpty()) {
            element.remove("_" + name);
        }
        List<Base> results = evaluate(value.get(), focus, response);
        if (results.isEmpty()) {
            element.remove(name);
            return;
        }
        element.set(name, primitive(results.get(0)));
    }

    private static JsonNode primitive(Base result) {
        if (!result.isPrimitive()) {
            throw new TemplateException("a " + result.fhirType() + " where a primitive value is expected", null);
        }
        String text = result.primitiveValue();
        return switch (result.fhirType()) {
            case "integer", "positiveInt", "unsignedInt" -> IntNode.valueOf(Integer.parseInt(text));
            case "decimal" -> DecimalNode.valueOf(new BigDecimal(text));
            case "boolean" -> BooleanNode.valueOf(Boolean.parseBoolean(text));
            default -> TextNode.valueOf(text);
        };
    }

    /** A complex result as the JSON of the element it fills (a Coding into a CodeableConcept is wrapped). */
    private JsonNode complex(Base result, String name) {
        if (result.isPrimitive()) {
            return primitive(result);
        }
        if (!(result instanceof Type type)) {
            throw new TemplateException("a " + result.fhirType() + " cannot be a template's value", null);
        }
        Parameters wrapper = new Parameters();
        wrapper.addParameter().setName("v").setValue(type.copy());
        try {
            JsonNode encoded = JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(wrapper))
                    .path("parameter")
                    .path(0)
                    .path("value" + Character.toUpperCase(result.fhirType().charAt(0))
                            + result.fhirType().substring(1));
            if ("Coding".equals(result.fhirType()) && name.endsWith("CodeableConcept")) {
                ObjectNode concept = JSON.createObjectNode();
                concept.putArray("coding").add(encoded);
                return concept;
            }
            return encoded;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TemplateException(e.getMessage(), e);
        }
    }

    private static Optional<String> expression(ObjectNode element, String url) {
        JsonNode extensions = element.get("extension");
        if (extensions instanceof ArrayNode array) {
            for (JsonNode extension : array) {
                if (url.equals(extension.path("url").asText())) {
                    JsonNode expression = extension.has("valueString")
                            ? extension.get("valueString")
                            : extension.path("valueExpression").path("expression");
                    if (expression.isTextual()) {
                        return Optional.of(expression.asText());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static void strip(ObjectNode element, String url) {
        if (element.get("extension") instanceof ArrayNode array) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                if (url.equals(it.next().path("url").asText())) {
                    it.remove();
                }
            }
            if (array.isEmpty()) {
                element.remove("extension");
            }
        }
    }

    /** Removes empty objects and arrays left by elements whose expressions gave nothing. */
    private static boolean prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (prune(object.get(name))) {
                    object.remove(name);
                }
            }
            return object.isEmpty();
        }
        if (node instanceof ArrayNode array) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                if (prune(it.next())) {
                    it.remove();
                }
            }
            return array.isEmpty();
        }
        return false;
    }

    private List<Base> evaluate(String expression, Base focus, QuestionnaireResponse response) {
        FHIRPathEngine engine = engines.get();
        try {
            ExpressionNode node = parsed.computeIfAbsent(expression, engine::parse);
            return engine.evaluate(null, response, response, focus, node);
        } catch (FHIRException | IllegalArgumentException e) {
            throw new TemplateException("expression " + expression + ": " + e.getMessage(), e);
        }
    }
}
