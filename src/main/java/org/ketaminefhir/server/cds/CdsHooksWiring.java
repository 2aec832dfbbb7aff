package org.ketaminefhir.server.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.hapi.fhir.cdshooks.api.CDSHooksVersion;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsHooksDaoAuthorizationSvc;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsServiceRegistry;
import ca.uhn.hapi.fhir.cdshooks.config.CdsHooksConfig;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import ca.uhn.hapi.fhir.cdshooks.svc.CdsHooksContextBooter;
import ca.uhn.hapi.fhir.cdshooks.svc.prefetch.CdsPrefetchFhirClientSvc;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ketaminefhir.server.audit.AuditLog;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.clinical.session.DosingWeightSettings;
import org.ketaminefhir.server.clinical.session.SessionRules;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.ketaminefhir.server.security.EmbeddedIssuer;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.FullPathCorsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * CDS Hooks 2.0 at {@code /cds-services}, beside {@code /fhir}: HAPI's CDS Hooks module (its registry, request
 * parsing, prefetch client and controller) with our order-check services registered in it, CDS clients trusted by
 * their signed JWTs ({@link CdsClientFilter}), and errors as 4xx that say what is wrong ({@link CdsErrors}).
 */
@Configuration
@ConditionalOnProperty(name = "ketamine.cds.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CdsSettings.class)
@Import({CdsHooksConfig.class, CdsHooksController.class, CdsErrors.class})
public class CdsHooksWiring {

    private static final Logger log = LoggerFactory.getLogger(CdsHooksWiring.class);
    public static final String PATH = "/cds-services";

    /** No services from annotated beans: ours are registered with the registry (see {@link #ketamineOrderCheck}). */
    @Bean
    public CdsHooksContextBooter cdsHooksContextBooter() {
        return new CdsHooksContextBooter();
    }

    /**
     * HAPI reads missing prefetch from its DAOs only for keys whose source allows it; ours all name the service itself
     * as their source, so this is never asked. Should it be, it refuses rather than read around the SMART rules.
     */
    @Bean
    public ICdsHooksDaoAuthorizationSvc cdsHooksDaoAuthorizationSvc() {
        return resource -> {
            throw new ForbiddenOperationException("CDS Hooks prefetch is read by the service itself");
        };
    }

    /** HAPI ties the https check of {@code fhirServer} to CDS Hooks 2.0; 1.1 leaves it out (development only). */
    @Bean
    public CDSHooksVersion cdsHooksVersion(CdsSettings settings) {
        if (!settings.requireHttpsFhirServer()) {
            log.warn(
                    "ketamine.cds.require-https-fhir-server=false: CDS Hooks requests may name an http fhirServer (development only)");
            return CDSHooksVersion.V_1_1;
        }
        return CDSHooksVersion.V_2_0;
    }

    /** Where a service's records come from: the prefetch, the EHR's {@code fhirServer}, or this store. */
    @Bean
    public ChartRecordsSource chartRecordsSource(
            PatientChart chart, CdsPrefetchFhirClientSvc remote, FhirContext fhirContext, IgTerms terms) {
        return new ChartRecordsSource(chart, remote, fhirContext, terms);
    }

    /** A draft order run through the session rules themselves, with the deciding screening's reasons. */
    @Bean
    public OrderCheck orderCheck(
            SessionRules rules, ScreeningEvaluation screenings, EligibilitySettings eligibility, IgTerms terms) {
        return new OrderCheck(rules, screenings, eligibility, terms);
    }

    /** The cards' words, naming each rule's configured threshold. */
    @Bean
    public OrderCards orderCards(
            SessionSettings session,
            EligibilitySettings eligibility,
            DosingWeightSettings dosingWeight,
            PreDoseBloodPressure predose,
            PsychiatricSafetySettings psychiatric,
            CdsSettings settings) {
        return new OrderCards(session, eligibility, dosingWeight, predose, psychiatric, settings.sourceLabel());
    }

    @Bean
    public KetamineOrderCheck ketamineOrderCheck(
            ICdsServiceRegistry registry,
            CdsSettings settings,
            KetamineProducts products,
            ChartRecordsSource records,
            OrderCheck check,
            OrderCards cards,
            FhirAddress address,
            IgTerms terms) {
        KetamineOrderCheck.RequestSide side = new KetamineOrderCheck.RequestSide() {
            @Override
            public boolean isThisServer(String fhirServer) {
                return address.isFhirBase(fhirServer, currentRequest());
            }

            @Override
            public void reading(String patientId) {
                currentRequest().setAttribute(CdsAudit.PATIENT_ATTRIBUTE, "Patient/" + patientId);
            }

            @Override
            public OrderCards.Links links() {
                HttpServletRequest request = currentRequest();
                String app = settings.appLaunchUrl() == null
                                || settings.appLaunchUrl().isBlank()
                        ? address.serverBase(request) + "/dashboard/"
                        : settings.appLaunchUrl();
                return new OrderCards.Links(app, address.fhirBase(request));
            }
        };
        KetamineOrderCheck service = new KetamineOrderCheck(products, records, check, cards, side, Clock.systemUTC());
        service.register(registry, ChartRecordsSource.templates(terms));
        return service;
    }

    @Bean
    public CdsClientJwt cdsClientJwt(
            CdsSettings settings,
            JdbcTemplate jdbc,
            FhirAddress address,
            Environment environment,
            OAuth2ResourceServerProperties resourceServer,
            ObjectProvider<JWKSource<SecurityContext>> embeddedKeys) {
        Map<String, String> trusted = new LinkedHashMap<>();
        settings.trustedClients().forEach(client -> trusted.put(client.issuer(), client.jwksUrl()));
        Function<String, Optional<JWKSource<SecurityContext>>> tokenIssuer;
        if (EmbeddedIssuer.isExternal(environment)) {
            String issuer = resourceServer.getJwt().getIssuerUri();
            String jwks = resourceServer.getJwt().getJwkSetUri();
            JWKSource<SecurityContext> keys = jwks == null || jwks.isBlank() ? null : CdsClientJwt.remoteKeys(jwks);
            tokenIssuer = iss -> keys != null && iss.equals(issuer) ? Optional.of(keys) : Optional.empty();
        } else {
            tokenIssuer = iss -> iss.equals(address.issuer(currentRequest()))
                    ? Optional.ofNullable(embeddedKeys.getIfAvailable())
                    : Optional.empty();
        }
        return new CdsClientJwt(trusted, tokenIssuer, jdbc, settings.maxJwtLifetime(), Clock.systemUTC());
    }

    /** The CDS Hooks endpoints: discovery public, service calls with a CDS client's JWT; no session, no CSRF. */
    @Bean
    @Order(RequestPath.CHAIN_CDS_HOOKS)
    public SecurityFilterChain cdsHooksSecurity(
            HttpSecurity http, CdsClientJwt jwts, AuditLog auditLog, FhirAddress address, FullPathCorsSource cors)
            throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(PATH + "/**"))
                .csrf(csrf -> csrf.disable())
                .cors(c -> c.configurationSource(cors))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .addFilterAfter(
                        new CdsClientFilter(jwts, new CdsAudit(auditLog), address::serverBase),
                        SecurityContextHolderFilter.class)
                .build();
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }
}
