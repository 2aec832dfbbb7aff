package org.ketaminefhir.server.security.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;

/** SMART App Launch 2.x scope grammar, and the SMART 1 names mapped onto it. */
class SmartScopesTest {

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource({
        "patient/Observation.rs,          PATIENT, Observation, rs",
        "patient/Observation.r,           PATIENT, Observation, r",
        "patient/Observation.s,           PATIENT, Observation, s",
        "user/*.cruds,                    USER,    *,           cruds",
        "system/Patient.c,                SYSTEM,  Patient,     c",
        "system/Patient.cud,              SYSTEM,  Patient,     cud",
        "user/MedicationAdministration.u, USER,    MedicationAdministration, u",
        "patient/*.d,                     PATIENT, *,           d",
        // SMART 1 names
        "patient/Observation.read,        PATIENT, Observation, rs",
        "user/*.write,                    USER,    *,           cud",
        "system/*.*,                      SYSTEM,  *,           cruds",
    })
    void wellFormedScopesGrantTheirLetters(String text, Context context, String type, String letters) {
        SmartScope scope = SmartScopes.parseResourceScope(text);

        assertThat(scope).isNotNull();
        assertThat(scope.context()).isEqualTo(context);
        assertThat(scope.type()).isEqualTo(type);
        assertThat(scope.permissions()).isEqualTo(permissions(letters));
        assertThat(scope.hasFilter()).isFalse();
    }

    @ParameterizedTest(name = "{0} is not a scope")
    @ValueSource(
            strings = {
                "patient/Observation.sr", // letters out of order
                "patient/Observation.rr", // a letter twice
                "patient/Observation.x", // unknown letter
                "patient/Observation.", // no permission
                "patient/.rs", // no type
                "patient/observation.rs", // a type starts with a capital
                "patient/Observation", // no permission at all
                "patient/Observation.read?code=1", // filters are SMART 2 only
                "patient/Observation.rs?", // empty filter
                "patient/Observation.rs?code", // filter without value
                "patient/Observation.rs?=x", // filter without name
                "patient/Observation.rs?code=%zz", // bad escape
                "patient/Observation.rs?code=a&bad name=b",
            })
    void malformedScopesGrantNothing(String text) {
        assertThat(SmartScopes.parseResourceScope(text)).isNull();
        SmartScopes scopes = SmartScopes.parse(List.of(text));
        assertThat(scopes.resourceScopes()).isEmpty();
        assertThat(scopes.malformed()).containsExactly(text);
    }

    @Test
    void scopesTheServerDoesNotKnowAreKeptByNameAndGrantNothing() {
        SmartScopes scopes = SmartScopes.parse(List.of("practitioner/Observation.rs", "api://other/.default", "email"));

        assertThat(scopes.resourceScopes()).isEmpty();
        assertThat(scopes.malformed()).isEmpty();
        assertThat(scopes.names()).containsExactly("practitioner/Observation.rs", "api://other/.default", "email");
    }

    @Test
    void filtersAreKeptInOrderAndDecoded() {
        SmartScope scope = SmartScopes.parseResourceScope(
                "patient/Observation.rs?category=http%3A%2F%2Fterminology.hl7.org%2FCodeSystem%2Fobservation-category%7Cvital-signs&code=8867-4");

        assertThat(scope.filter())
                .containsExactly(
                        Map.entry(
                                "category",
                                List.of("http://terminology.hl7.org/CodeSystem/observation-category|vital-signs")),
                        Map.entry("code", List.of("8867-4")));
        assertThat(scope.filterQuery()).startsWith("category=http%3A");
    }

    @Test
    void theScopeClaimIsAStringOrAJsonList() {
        SmartScopes fromString =
                SmartScopes.fromClaim("  openid fhirUser  patient/*.rs launch/patient sensitive/psy.read ");
        SmartScopes fromList = SmartScopes.fromClaim(
                List.of("openid", "fhirUser", "patient/*.rs", "launch/patient sensitive/psy.read"));

        for (SmartScopes scopes : List.of(fromString, fromList)) {
            assertThat(scopes.resourceScopes()).extracting(SmartScope::text).containsExactly("patient/*.rs");
            assertThat(scopes.names())
                    .containsExactlyInAnyOrder("openid", "fhirUser", "launch/patient", "sensitive/psy.read");
            assertThat(scopes.has("sensitive/psy.read")).isTrue();
        }
        assertThat(SmartScopes.fromClaim(null).isEmpty()).isTrue();
    }

    @Test
    void theSameScopesAreEqualHoweverTheyCame() {
        assertThat(SmartScopes.fromClaim("patient/*.rs openid"))
                .isEqualTo(SmartScopes.fromClaim(List.of("patient/*.rs", "openid")))
                .hasSameHashCodeAs(SmartScopes.fromClaim(List.of("patient/*.rs", "openid")));
        assertThat(SmartScopes.fromClaim("patient/*.rs")).isNotEqualTo(SmartScopes.fromClaim("patient/*.r"));
    }

    @Test
    void aScopeClaimOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> SmartScopes.fromClaim(42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmartScopes.fromClaim(List.of("patient/*.rs", 7)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void grantingFindsScopesByContextTypeAndPermission() {
        SmartScopes scopes = SmartScopes.parse(List.of("patient/Observation.rs", "user/*.r", "system/Patient.c"));

        assertThat(scopes.granting(Context.PATIENT, "Observation", Permission.SEARCH))
                .hasSize(1);
        assertThat(scopes.granting(Context.PATIENT, "Condition", Permission.READ))
                .isEmpty();
        assertThat(scopes.granting(Context.USER, "Condition", Permission.READ)).hasSize(1);
        assertThat(scopes.granting(Context.USER, "Condition", Permission.SEARCH))
                .isEmpty();
        assertThat(scopes.grantsAny("Patient", Permission.CREATE)).isTrue();
        assertThat(scopes.grantsAny("Patient", Permission.DELETE)).isFalse();
    }

    @ParameterizedTest(name = "{1} covers {0}: {2}")
    @CsvSource({
        "patient/Observation.rs,                      patient/*.cruds,          true",
        "patient/Observation.read,                    patient/*.cruds,          true",
        "patient/Observation.rs,                      patient/Observation.rs,   true",
        "patient/Observation.rs?category=vital-signs, patient/Observation.rs,   true",
        "patient/Observation.rs,                      patient/Observation.rs?category=vital-signs, false",
        "patient/Observation.cruds,                   patient/*.rs,             false",
        "user/Observation.rs,                         patient/*.cruds,          false",
        "system/*.rs,                                 system/Observation.rs,    false",
        "openid,                                      openid,                   true",
        "sensitive/psy.read,                          patient/*.cruds,          false",
    })
    void aRequestedScopeIsCoveredTheSmartWay(String requested, String allowed, boolean covered) {
        assertThat(ScopePolicy.covers(List.of(allowed), requested)).isEqualTo(covered);
    }

    @Test
    void withinKeepsTheCoveredScopesInTheOrderRequested() {
        Set<String> granted = ScopePolicy.within(
                List.of("openid", "user/*.cruds", "patient/Observation.rs", "sensitive/psy.read"),
                List.of("openid", "patient/*.cruds", "sensitive/psy.read"));

        assertThat(granted).containsExactly("openid", "patient/Observation.rs", "sensitive/psy.read");
    }

    private static Set<Permission> permissions(String letters) {
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        for (char c : letters.toCharArray()) {
            for (Permission p : Permission.values()) {
                if (p.letter() == c) {
                    set.add(p);
                }
            }
        }
        return set;
    }
}
