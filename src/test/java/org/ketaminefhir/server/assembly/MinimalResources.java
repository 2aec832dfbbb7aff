package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildPrimitiveEnumerationDatatypeDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Base;

/**
 * The smallest instance of a resource type that base FHIR R4 accepts, built from HAPI's model of the type: every
 * element with a minimum of 1 or more, recursively, with a plain value of its type (the first code of a required
 * binding, a text for a concept, a display for a reference). A few types have invariants a plain value breaks; they
 * get what the invariant asks for ({@link #INVARIANTS}); canonical types get the url, name and date that R4 requires
 * of many of them and HAPI's shared model leaves optional.
 */
final class MinimalResources {

    /** What a few types need beyond their required elements (R4 invariants), as JSON merged over the minimal instance. */
    static final Map<String, String> INVARIANTS = Map.ofEntries(
            // A MIME type from the required binding (BCP 13), and content.
            Map.entry("Binary", "{'resourceType':'Binary','contentType':'text/plain','data':'d2Fsaw=='}"),
            // bdl-9..11: a document needs an identifier, a timestamp and a Composition; a collection needs nothing.
            Map.entry("Bundle", "{'resourceType':'Bundle','type':'collection'}"),
            // HAPI stores a ConceptMap's mappings by its url.
            Map.entry(
                    "ConceptMap",
                    "{'resourceType':'ConceptMap','url':'http://example.org/ConceptMap/walk','status':'draft'}"),
            // ppc-1: a policy or a policy rule.
            Map.entry(
                    "Consent",
                    "{'resourceType':'Consent','status':'draft','scope':{'text':'walk'},"
                            + "'category':[{'text':'walk'}],'policyRule':{'text':'walk'}}"),
            // A subscription the server accepts: criteria it can match, a channel that needs no allow-listed endpoint.
            Map.entry(
                    "Subscription",
                    "{'resourceType':'Subscription','status':'requested','reason':'walk',"
                            + "'criteria':'Basic?code=walk','channel':{'type':'websocket'}}"),
            // HAPI indexes a SearchParameter: it needs an expression on its base (a draft is not used in searches).
            Map.entry(
                    "SearchParameter",
                    "{'resourceType':'SearchParameter','url':'http://example.org/SearchParameter/walk',"
                            + "'name':'walk','status':'draft','description':'walk','code':'walk','base':['Basic'],"
                            + "'type':'token','expression':'Basic.code'}"),
            // A profile of a type that exists (the validator cannot check a StructureDefinition of an unknown type).
            Map.entry(
                    "StructureDefinition",
                    "{'resourceType':'StructureDefinition',"
                            + "'url':'http://example.org/StructureDefinition/walk','name':'Walk','status':'draft',"
                            + "'kind':'resource','abstract':false,'type':'Basic',"
                            + "'baseDefinition':'http://hl7.org/fhir/StructureDefinition/Basic','derivation':'constraint',"
                            + "'differential':{'element':[{'id':'Basic','path':'Basic'}]}}"),
            // ait-1: a clinical status unless entered in error.
            Map.entry(
                    "AllergyIntolerance",
                    "{'resourceType':'AllergyIntolerance','clinicalStatus':{'coding':[{"
                            + "'system':'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical','code':'active'}]},"
                            + "'patient':{'display':'walk'}}"),
            // app-1: a participant's type or actor.
            Map.entry(
                    "Appointment",
                    "{'resourceType':'Appointment','status':'proposed',"
                            + "'participant':[{'actor':{'display':'walk'},'status':'accepted'}]}"),
            // apr-1: a participant type or actor.
            Map.entry(
                    "AppointmentResponse",
                    "{'resourceType':'AppointmentResponse','appointment':{'display':'walk'},"
                            + "'actor':{'display':'walk'},'participantStatus':'accepted'}"),
            // cpb-2, cpb-15/16: a description; requirements without software or implementation.
            Map.entry(
                    "CapabilityStatement",
                    "{'resourceType':'CapabilityStatement','status':'draft',"
                            + "'date':'2026-01-01','kind':'requirements','fhirVersion':'4.0.1','format':['json'],"
                            + "'description':'walk','rest':[{'mode':'server'}]}"),
            // GraphDefinition.start is a resource type (a code with a required binding).
            Map.entry(
                    "GraphDefinition",
                    "{'resourceType':'GraphDefinition','name':'Walk','status':'draft','start':'Patient'}"),
            // tcp-2, tcp-4: a description; requirements without software or implementation.
            Map.entry(
                    "TerminologyCapabilities",
                    "{'resourceType':'TerminologyCapabilities','status':'draft','date':'2026-01-01',"
                            + "'kind':'requirements','description':'walk'}"),
            // trd-3: a named event needs its name (the first trigger type is named-event).
            Map.entry(
                    "EventDefinition",
                    "{'resourceType':'EventDefinition','url':'http://example.org/EventDefinition/walk',"
                            + "'status':'draft','trigger':[{'type':'named-event','name':'walk'}]}"),
            // imr-1: a vaccine code or target disease.
            Map.entry(
                    "ImmunizationRecommendation",
                    "{'resourceType':'ImmunizationRecommendation','patient':{'display':"
                            + "'walk'},'date':'2026-01-01','recommendation':[{'vaccineCode':[{'text':'walk'}],"
                            + "'forecastStatus':{'text':'walk'}}]}"),
            // ipn-1, org-1: a name or an identifier.
            Map.entry("InsurancePlan", "{'resourceType':'InsurancePlan','name':'walk'}"),
            Map.entry("Organization", "{'resourceType':'Organization','name':'walk'}"),
            // lnk-1: at least two items.
            Map.entry(
                    "Linkage",
                    "{'resourceType':'Linkage','item':[{'type':'source','resource':{'display':'walk'}},"
                            + "{'type':'alternate','resource':{'display':'walk'}}]}"),
            // Something to validate: a Parameters with nothing in it is no resource at all.
            Map.entry(
                    "Parameters", "{'resourceType':'Parameters','parameter':[{'name':'walk','valueString':'walk'}]}"));

    private final FhirContext fhir;
    private final ca.uhn.fhir.context.support.DefaultProfileValidationSupport r4;

    MinimalResources(FhirContext fhir) {
        this.fhir = fhir;
        this.r4 = new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(fhir);
    }

    /** The minimal instance of the type, as JSON. */
    String json(String type) {
        String fixed = INVARIANTS.get(type);
        if (fixed != null) {
            return fixed.replace('\'', '"');
        }
        RuntimeResourceDefinition definition = fhir.getResourceDefinition(type);
        IBaseResource resource = definition.newInstance();
        fill(definition, resource);
        if (resource instanceof org.hl7.fhir.r4.model.MetadataResource canonical) {
            // R4 makes url, name or date required on many canonical types (CompartmentDefinition, NamingSystem,
            // StructureMap, ...), where HAPI's model, sharing them in MetadataResource, has them optional.
            // Only where R4 has the element (ChargeItemDefinition has no name, NamingSystem no url).
            if (inR4(type, "url")) {
                canonical.setUrl("http://example.org/" + type + "/walk-" + UUID.randomUUID());
            }
            if (inR4(type, "name")) {
                canonical.setName("Walk");
            }
            if (inR4(type, "date")) {
                canonical.setDateElement(new org.hl7.fhir.r4.model.DateTimeType("2026-01-01"));
            }
        }
        if (resource instanceof org.hl7.fhir.r4.model.DomainResource domain) {
            // never an empty resource (HAPI reads {"resourceType": "Patient"} as no resource at all)
            domain.addExtension("http://example.org/StructureDefinition/walk", string("walk"));
        }
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    /** Whether base R4's definition of the type has the top-level element (HAPI's model may have more). */
    private boolean inR4(String type, String element) {
        org.hl7.fhir.r4.model.StructureDefinition definition = (org.hl7.fhir.r4.model.StructureDefinition)
                r4.fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/" + type);
        return definition.getSnapshot().getElement().stream()
                .anyMatch(e -> e.getPath().equals(type + "." + element));
    }

    private void fill(BaseRuntimeElementCompositeDefinition<?> definition, IBase target) {
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            if (child.getMin() < 1 || child.getElementName().equals("id")) {
                continue;
            }
            BaseRuntimeElementDefinition<?> type;
            if (child instanceof RuntimeChildChoiceDefinition choice) {
                type = preferred(choice);
            } else {
                type = child.getChildByName(child.getElementName());
            }
            IBase value = child instanceof RuntimeChildPrimitiveEnumerationDatatypeDefinition bound
                    ? firstCode(bound, type)
                    : value(type);
            child.getMutator().addValue(target, value);
        }
    }

    private static BaseRuntimeElementDefinition<?> preferred(RuntimeChildChoiceDefinition choice) {
        for (String name : List.of("CodeableConcept", "string", "Reference", "dateTime", "boolean", "Quantity")) {
            for (Class<? extends IBase> candidate : choice.getValidChildTypes()) {
                BaseRuntimeElementDefinition<?> type = choice.getChildElementDefinitionByDatatype(candidate);
                if (type != null && type.getName().equals(name)) {
                    return type;
                }
            }
        }
        return choice.getChildElementDefinitionByDatatype(
                choice.getValidChildTypes().iterator().next());
    }

    private static IBase firstCode(
            RuntimeChildPrimitiveEnumerationDatatypeDefinition bound, BaseRuntimeElementDefinition<?> type) {
        IBase value = type.newInstance(bound.getInstanceConstructorArguments());
        try {
            for (Object constant : bound.getBoundEnumType().getEnumConstants()) {
                if (!((Enum<?>) constant).name().equals("NULL")) {
                    Method toCode = constant.getClass().getMethod("toCode");
                    ((IPrimitiveType<?>) value).setValueAsString((String) toCode.invoke(constant));
                    return value;
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no code in " + bound.getBoundEnumType());
    }

    @SuppressWarnings("unchecked")
    private IBase value(BaseRuntimeElementDefinition<?> type) {
        IBase value = type.newInstance();
        if (value instanceof IPrimitiveType<?> primitive) {
            primitive.setValueAsString(primitive(type.getName()));
            return value;
        }
        Base element = (Base) value;
        switch (type.getName()) {
            case "CodeableConcept", "HumanName", "Address" -> element.setProperty("text", string("walk"));
            case "Reference" -> element.setProperty("display", string("walk"));
            case "Identifier" -> element.setProperty("value", string("walk"));
            case "Coding" -> element.setProperty("display", string("walk"));
            case "Attachment" -> element.setProperty("title", string("walk"));
            case "Annotation" -> element.setProperty("text", new org.hl7.fhir.r4.model.MarkdownType("walk"));
            case "Period" -> element.setProperty("start", new org.hl7.fhir.r4.model.DateTimeType("2026-01-01"));
            case "Quantity", "SimpleQuantity", "Duration", "Age", "Count", "Distance", "Money" ->
                element.setProperty("value", new org.hl7.fhir.r4.model.DecimalType(1));
            case "ContactPoint" -> {
                element.setProperty("system", new org.hl7.fhir.r4.model.CodeType("other"));
                element.setProperty("value", string("walk"));
            }
            case "Expression" -> {
                element.setProperty("language", new org.hl7.fhir.r4.model.CodeType("text/fhirpath"));
                element.setProperty("expression", string("true"));
            }
            default -> {
                if (type instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    fill(composite, value);
                }
                if (element.isEmpty() && value instanceof org.hl7.fhir.r4.model.Element extensible) {
                    extensible.addExtension("http://example.org/StructureDefinition/walk", string("walk"));
                }
            }
        }
        return value;
    }

    private static org.hl7.fhir.r4.model.StringType string(String value) {
        return new org.hl7.fhir.r4.model.StringType(value);
    }

    private static String primitive(String type) {
        return switch (type) {
            case "boolean" -> "true";
            case "integer", "positiveInt", "decimal", "integer64" -> "1";
            case "unsignedInt" -> "0";
            case "date" -> "2026-01-01";
            case "dateTime", "instant" -> "2026-01-01T10:00:00Z";
            case "time" -> "10:00:00";
            case "uri", "url", "canonical" -> "http://example.org/walk";
            case "oid" -> "urn:oid:1.2.3.4";
            case "uuid" -> "urn:uuid:" + UUID.randomUUID();
            case "base64Binary" -> "d2Fsaw==";
            case "id" -> "walk";
            case "xhtml" -> "<div xmlns=\"http://www.w3.org/1999/xhtml\">walk</div>";
            default -> "walk";
        };
    }
}
