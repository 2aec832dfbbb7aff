package org.ketaminefhir.server.ig;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Installs the IG package into the database while the application starts, before the HTTP port opens, so that its
 * profiles are enforced from the very first request, also on a fresh, empty database. A start whose package has the
 * content last installed here skips the install (about 11 s of a start on 2 cores); a changed package, even under the
 * same version (a developer's rebuilt IG), is installed again, and HAPI updates the stored conformance resources in
 * place.
 */
public class ImplementationGuideInstaller implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ImplementationGuideInstaller.class);

    /**
     * The conformance resources the server needs to validate and to answer reads and searches, and the Questionnaires
     * (their scoring weights and extraction templates; {@code Questionnaire?url=} finds them).
     */
    static final List<String> INSTALL_TYPES =
            List.of("CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "Questionnaire");

    private final ImplementationGuidePackage guide;
    private final IPackageInstallerSvc installer;
    private final IValidationSupport validationSupport;
    private final Batch2JobRegisterer jobRegisterer;
    private final InstalledGuides installed;

    public ImplementationGuideInstaller(
            ImplementationGuidePackage guide,
            IPackageInstallerSvc installer,
            IValidationSupport validationSupport,
            Batch2JobRegisterer jobRegisterer,
            InstalledGuides installed) {
        this.guide = guide;
        this.installed = installed;
        this.jobRegisterer = jobRegisterer;
        this.installer = installer;
        this.validationSupport = validationSupport;
    }

    @Override
    public void afterSingletonsInstantiated() {
        long start = System.nanoTime();
        String contentHash = guide.contentHash();
        if (installed.isInstalled(guide.packageId(), guide.version(), contentHash)) {
            log.info(
                    "Implementation guide {}#{} is installed already, with this content (sha256 {}); not installing it again",
                    guide.packageId(),
                    guide.version(),
                    contentHash.substring(0, 12));
            return;
        }
        // Storing a SearchParameter starts a reindex job; its definition must be registered, which Spring would
        // otherwise only do once the context has started.
        jobRegisterer.start();
        PackageInstallationSpec spec = new PackageInstallationSpec()
                .setName(guide.packageId())
                .setVersion(guide.version())
                .setPackageContents(guide.toTgz())
                .setFetchDependencies(false)
                .setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL);
        spec.setInstallResourceTypes(INSTALL_TYPES);
        spec.setReloadExisting(true);
        installer.install(spec);
        // Anything cached before the install (e.g. "no such profile") must not outlive it.
        validationSupport.invalidateCaches();
        installed.recordInstalled(guide.packageId(), guide.version(), contentHash);
        log.info(
                "Implementation guide {}#{} installed ({} of its {} files are conformance resources) in {} ms",
                guide.packageId(),
                guide.version(),
                guide.conformanceResourceCount(),
                guide.resourceCount(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
