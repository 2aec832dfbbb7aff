package org.ketaminefhir.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** The comparison of an answer with its OperationDefinition finds each kind of difference, and passes a match. */
class DeclaredOutputsTest {

    /** patient (Reference 1..1), count (integer 0..1), item (parts: code Coding 1..1) 0..*; in: start. */
    private static OperationDefinition summary() {
        OperationDefinition definition = new OperationDefinition();
        definition
                .addParameter()
                .setName("start")
                .setUse(OperationParameterUse.IN)
                .setType("date")
                .setMin(0)
                .setMax("1");
        definition
                .addParameter()
                .setName("patient")
                .setUse(OperationParameterUse.OUT)
                .setType("Reference")
                .setMin(1)
                .setMax("1");
        definition
                .addParameter()
                .setName("count")
                .setUse(OperationParameterUse.OUT)
                .setType("integer")
                .setMin(0)
                .setMax("1");
        definition
                .addParameter()
                .setName("item")
                .setUse(OperationParameterUse.OUT)
                .setMin(0)
                .setMax("*")
                .addPart()
                .setName("code")
                .setUse(OperationParameterUse.OUT)
                .setType("Coding")
                .setMin(1)
                .setMax("1");
        return definition;
    }

    private static Parameters answer() {
        Parameters answer = new Parameters();
        answer.addParameter().setName("patient").setValue(new Reference("Patient/1"));
        answer.addParameter().setName("count").setValue(new IntegerType(2));
        answer.addParameter()
                .setName("item")
                .addPart()
                .setName("code")
                .setValue(new Coding("http://loinc.org", "44261-6", null));
        answer.addParameter()
                .setName("item")
                .addPart()
                .setName("code")
                .setValue(new Coding("http://loinc.org", "70274-6", null));
        return answer;
    }

    @Test
    void anAnswerAsDeclaredMatches() {
        assertThat(DeclaredOutputs.mismatches(summary(), answer())).isEmpty();
    }

    @Test
    void aParameterNotDeclaredIsReported() {
        Parameters answer = answer();
        answer.addParameter().setName("surprise").setValue(new StringType("!"));
        answer.addParameter().setName("start").setValue(new StringType("2026-01-05"));

        assertThat(DeclaredOutputs.mismatches(summary(), answer))
                .containsExactly(
                        "surprise: returned but not declared as an out parameter",
                        "start: returned but not declared as an out parameter");
    }

    @Test
    void aWrongTypeTooManyAndAMissingRequiredParameterAreReported() {
        Parameters answer = new Parameters();
        answer.addParameter().setName("count").setValue(new StringType("2"));
        answer.addParameter().setName("count").setValue(new IntegerType(3));

        assertThat(DeclaredOutputs.mismatches(summary(), answer))
                .containsExactly(
                        "count: returned 2 times, declared at most 1",
                        "count: declared of type integer, returned value string",
                        "patient: declared min 1, returned 0");
    }

    @Test
    void partsAreCheckedAgainstTheDeclaredParts() {
        Parameters answer = answer();
        answer.getParameter().get(2).addPart().setName("extra").setValue(new IntegerType(1));
        answer.addParameter().setName("item").setValue(new StringType("flat"));

        assertThat(DeclaredOutputs.mismatches(summary(), answer))
                .containsExactly(
                        "item.extra: returned but not declared as an out parameter",
                        "item: declared with parts, returned value string",
                        "item.code: declared min 1, returned 0");
    }

    @Test
    void aResourceAnswerIsTheReturnParameter() {
        OperationDefinition plan = new OperationDefinition();
        plan.addParameter()
                .setName("return")
                .setUse(OperationParameterUse.OUT)
                .setType("CarePlan")
                .setMin(1)
                .setMax("1");

        assertThat(DeclaredOutputs.mismatches(plan, new CarePlan())).isEmpty();
        assertThat(DeclaredOutputs.mismatches(plan, new Observation()))
                .containsExactly("return: declared of type CarePlan, returned resource Observation");
        assertThat(DeclaredOutputs.mismatches(new OperationDefinition(), new CarePlan()))
                .containsExactly("return: returned but not declared as an out parameter");
    }
}
