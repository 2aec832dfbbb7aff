package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ketaminefhir.server.support.Hl7Validator;
import org.ketaminefhir.server.support.IgExamples;

/**
 * A second, stricter opinion: the HL7 validator library (the engine behind the IG Publisher and validator_cli) checks
 * every IG example against its profiles, offline, on the package cache that scripts/build-ig assembles
 * ({@link Hl7Validator}, loaded once and shared with {@link ServerOutputsWithHl7ValidatorIT}).
 */
class ExamplesWithHl7ValidatorIT {

    @BeforeAll
    static void loadValidator() {
        Hl7Validator.engine();
    }

    @TestFactory
    Stream<DynamicTest> everyExampleHasNoErrorAgainstItsProfile() {
        return IgExamples.all().stream()
                .map(example -> DynamicTest.dynamicTest(
                        example.toString(),
                        () -> assertThat(Hl7Validator.errors(example.json(), example.profiles()))
                                .as(example.toString())
                                .isEmpty()));
    }
}
