package org.ketaminefhir.server.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The packages layer: each may use only the packages below it in {@link #LAYERS}, and no two packages use each other
 * (directly or round a longer cycle). A new package must be placed in the list.
 */
class PackageLayersTest {

    static final String ROOT = "org.ketaminefhir.server";

    /**
     * From the ground up. The ground ({@code fhir}: endpoint constants, the request path, transaction helpers) uses
     * nothing of ours; capability packages use the ground and the capabilities below them; the assembly at the top wires
     * them into HAPI's RestfulServer; the application class sits above all.
     */
    static final List<String> LAYERS = List.of(
            "fhir",
            "database",
            "observability",
            "limits",
            "ig",
            "security.scopes",
            "security",
            "security.smart",
            "security.token",
            "security.labels",
            "security.access",
            "security.authserver",
            "security.web",
            "audit",
            "validation",
            "clinical",
            "clinical.eligibility",
            "clinical.session",
            "clinical.plan",
            "clinical.monitoring",
            "clinical.questionnaire",
            "clinical.progress",
            "clinical.rems",
            "clinical.summary",
            "exchange",
            "subscriptions",
            "cds",
            "dashboard",
            "demo",
            "assembly",
            "");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyPackageIsPlacedInTheLayers() {
        TreeSet<String> unplaced = new TreeSet<>();
        for (JavaClass javaClass : MAIN) {
            if (rank(ROOT, LAYERS, javaClass.getPackageName()) < 0) {
                unplaced.add(javaClass.getPackageName());
            }
        }
        assertThat(unplaced)
                .as("packages missing from PackageLayersTest.LAYERS")
                .isEmpty();
    }

    @Test
    void noPackageUsesOneAboveIt() {
        assertThat(arrowsUp(MAIN, ROOT, LAYERS))
                .as("dependencies on a higher layer")
                .isEmpty();
    }

    @Test
    void noPackagesUseEachOther() {
        EvaluationResult result =
                slices().matching(ROOT + ".(**)").should().beFreeOfCycles().evaluate(MAIN);
        assertThat(result.getFailureReport().getDetails()).as("package cycles").isEmpty();
    }

    /** The check itself: a ground class that uses the top (a fixture made for it) is found, and so is the cycle. */
    @Test
    void anArrowBackUpIsFound() {
        String fixtures = "org.ketaminefhir.server.architecture.fixture";
        JavaClasses classes = new ClassFileImporter().importPackages(fixtures);
        assertThat(arrowsUp(classes, fixtures, List.of("ground", "top")))
                .containsExactly("fixture.ground.Ground -> fixture.top.Top");
        assertThat(slices().matching(fixtures + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .evaluate(classes)
                        .hasViolation())
                .isTrue();
    }

    /** Each dependency from a package to one of a higher rank, as "from -> to" (class names below the root). */
    static List<String> arrowsUp(JavaClasses classes, String root, List<String> layers) {
        TreeSet<String> arrows = new TreeSet<>();
        for (JavaClass javaClass : classes) {
            int from = rank(root, layers, javaClass.getPackageName());
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (!target.getPackageName().startsWith(root)) {
                    continue;
                }
                int to = rank(root, layers, target.getPackageName());
                if (from >= 0 && to > from) {
                    arrows.add(shortName(root, outermost(javaClass)) + " -> " + shortName(root, outermost(target)));
                }
            }
        }
        return new ArrayList<>(arrows);
    }

    private static int rank(String root, List<String> layers, String packageName) {
        String relative = packageName.equals(root)
                ? ""
                : packageName.startsWith(root + ".") ? packageName.substring(root.length() + 1) : null;
        return relative == null ? -1 : layers.indexOf(relative);
    }

    private static String outermost(JavaClass javaClass) {
        String name = javaClass.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static String shortName(String root, String className) {
        String parent = root.substring(0, root.lastIndexOf('.') + 1);
        return className.startsWith(root + ".") ? className.substring(parent.length()) : className;
    }
}
