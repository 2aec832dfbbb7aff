package org.ketaminefhir.server.security;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.ketaminefhir.server.audit.AuditEventProvider;
import org.ketaminefhir.server.audit.AuditFilter;
import org.ketaminefhir.server.audit.AuditLog;
import org.ketaminefhir.server.audit.AuditTrailInterceptor;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.ketaminefhir.server.fhir.RestfulServerConfig;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.security.access.AccessGate;
import org.ketaminefhir.server.security.access.BulkExportGate;
import org.ketaminefhir.server.security.access.EverythingNarrowing;
import org.ketaminefhir.server.security.access.PatientCompartmentNarrowing;
import org.ketaminefhir.server.security.access.ResourceKinds;
import org.ketaminefhir.server.security.access.SearchPages;
import org.ketaminefhir.server.security.access.SmartAuthorizationInterceptor;
import org.ketaminefhir.server.security.access.SmartRules;
import org.ketaminefhir.server.security.authserver.LaunchController;
import org.ketaminefhir.server.security.labels.BulkExportRelease;
import org.ketaminefhir.server.security.labels.SensitiveDataRelease;
import org.ketaminefhir.server.security.labels.SensitivityLabeller;
import org.ketaminefhir.server.security.labels.SensitivityLabels;
import org.ketaminefhir.server.security.smart.SmartCapabilityStatement;
import org.ketaminefhir.server.security.smart.SmartConfigurationServlet;
import org.ketaminefhir.server.security.smart.SmartDiscovery;
import org.ketaminefhir.server.security.token.CallerAuthentication;
import org.ketaminefhir.server.security.token.CallerTokenConverter;
import org.ketaminefhir.server.security.token.HeaderOnlyBearerTokens;
import org.ketaminefhir.server.security.token.TokenVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of the FHIR endpoint: SMART access tokens (from the embedded authorization server, or from the identity
 * provider Spring Boot's resource-server properties name), HAPI's authorization rules built from their scopes, the
 * sensitivity labels, and the audit trail. The embedded authorization server itself is in
 * {@link org.ketaminefhir.server.security.authserver.EmbeddedAuthorizationServerConfig}.
 */
@Configuration
@EnableConfigurationProperties({SecurityProperties.class, OAuth2ResourceServerProperties.class})
public class SecurityConfig {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

	/** Paths of the FHIR endpoint that need no token. */
	static final String[] PUBLIC_FHIR = {RestfulServerConfig.FHIR_PATH + "/metadata", RestfulServerConfig.FHIR_PATH + "/.well-known/smart-configuration",
			// the OpenAPI description and its browsable page (HAPI's OpenApiInterceptor): what the CapabilityStatement says
			RestfulServerConfig.FHIR_PATH + "/api-docs", RestfulServerConfig.FHIR_PATH + "/swagger-ui/**"};

	@Bean
	public ServerSchema serverSchema(DataSource dataSource, DataSourceProperties dataSourceProperties) {
		ServerSchema schema = new ServerSchema(dataSource, DatabaseDialect.forJdbcUrl(dataSourceProperties.determineUrl()));
		schema.create();
		return schema;
	}

	@Bean
	public FhirAddress fhirAddress(FhirServerProperties fhir, SecurityProperties security) {
		return new FhirAddress(fhir, security.authorizationServer() == null ? null : security.authorizationServer().issuer());
	}

	@Bean
	public SensitivityLabels sensitivityLabels(ImplementationGuidePackage guide, SecurityProperties security) {
		return new SensitivityLabels(guide.canonicalBase(), security.labels(), security.releaseLabel());
	}

	/** Labels are stored on every write of sensitive data, by whoever writes it: a storage hook for all of HAPI. */
	@Bean
	public SensitivityLabeller sensitivityLabeller(SensitivityLabels labels, IInterceptorService interceptors) {
		SensitivityLabeller labeller = new SensitivityLabeller(labels);
		interceptors.registerInterceptor(labeller);
		return labeller;
	}

	/** A Bulk Data export leaves out labelled resources unless its token had the sensitive-data scope. */
	@Bean
	public BulkExportRelease bulkExportRelease(SensitivityLabels labels, IInterceptorService interceptors) {
		BulkExportRelease release = new BulkExportRelease(labels);
		interceptors.registerInterceptor(release);
		return release;
	}

	@Bean
	public AuditLog auditLog(DataSource dataSource, FhirContext fhirContext, ServerSchema schema) {
		return new AuditLog(dataSource, fhirContext);
	}

	@Bean
	public SmartDiscovery smartDiscovery(
			Environment environment, SecurityProperties security, OAuth2ResourceServerProperties resourceServer, FhirAddress address) {
		if (EmbeddedIssuer.isExternal(environment)) {
			return SmartDiscovery.external(resourceServer.getJwt().getIssuerUri(), security.discovery());
		}
		return SmartDiscovery.embedded(address::issuer, security.sensitiveScope());
	}

	@Bean
	public JwtDecoder jwtDecoder(
			Environment environment,
			OAuth2ResourceServerProperties resourceServer,
			FhirAddress address,
			ObjectProvider<JWKSource<SecurityContext>> embeddedKeys) {
		if (EmbeddedIssuer.isExternal(environment)) {
			log.info("Access tokens: trusted from the external issuer {} (embedded authorization server off)",
					firstNonBlank(resourceServer.getJwt().getIssuerUri(), resourceServer.getJwt().getJwkSetUri()));
			return TokenVerification.external(resourceServer.getJwt(), request -> Set.of(address.fhirBase(request)));
		}
		return TokenVerification.embedded(embeddedKeys.getObject(), address::issuer, request -> Set.of(address.fhirBase(request)));
	}

	@Bean
	public FhirEndpointSecurity fhirEndpointSecurity(
			SecurityProperties security,
			FhirContext fhirContext,
			JdbcTemplate jdbc,
			SensitivityLabels labels,
			AuditLog auditLog,
			SmartDiscovery discovery,
			SearchParamMatcher searchParamMatcher,
			IJobCoordinator jobs) {
		if (!security.enabled()) {
			log.warn("ketamine.security.enabled=false: the FHIR endpoint answers everyone, with no token and no audit. "
					+ "Only for measuring what security costs; never with real data.");
			return FhirEndpointSecurity.off();
		}
		ResourceKinds kinds = new ResourceKinds(fhirContext);
		return new FhirEndpointSecurity(
				List.of(
						new AuditTrailInterceptor(fhirContext),
						new AccessGate(fhirContext, new SearchPages(jdbc), labels, security.sensitiveScope()),
						new BulkExportGate(jobs),
						new SensitiveDataRelease(labels, security.sensitiveScope()),
						new EverythingNarrowing(),
						new PatientCompartmentNarrowing(),
						new SmartAuthorizationInterceptor(new SmartRules(kinds), new AuthorizationSearchParamMatcher(searchParamMatcher)),
						new SmartCapabilityStatement(discovery)),
				new AuditEventProvider(auditLog));
	}

	@Bean
	public ServletRegistrationBean<SmartConfigurationServlet> smartConfigurationServlet(SmartDiscovery discovery) {
		ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
				new SmartConfigurationServlet(discovery), RestfulServerConfig.FHIR_PATH + "/.well-known/smart-configuration");
		registration.setName("smart-configuration");
		return registration;
	}

	/** Browser apps call the FHIR endpoint and the token endpoint from their own origin. */
	@Bean
	public FullPathCorsSource corsConfigurationSource(FhirServerProperties fhir) {
		FullPathCorsSource source = new FullPathCorsSource();
		if (!fhir.getCors().isEnabled()) {
			return source;
		}
		CorsConfiguration config = new CorsConfiguration();
		fhir.getCors().getAllowedOrigins().forEach(config::addAllowedOriginPattern);
		config.setAllowedHeaders(List.of(
				"Origin", "Accept", "Content-Type", "Authorization", "Cache-Control", "Prefer", "If-Match",
				"If-None-Match", "If-None-Exist", "If-Modified-Since", "X-Requested-With", "X-Request-Id"));
		config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate"));
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
		config.setAllowCredentials(false);
		config.setMaxAge(3600L);
		for (String path : List.of(RestfulServerConfig.FHIR_PATH + "/**", "/oauth2/token", "/oauth2/revoke",
				"/oauth2/introspect", "/oauth2/jwks", "/userinfo", "/.well-known/**", "/cds-services/**")) {
			source.register(path, config);
		}
		return source;
	}

	/** The FHIR endpoint: a valid access token on everything but the CapabilityStatement and SMART discovery. */
	@Bean
	@Order(2)
	public SecurityFilterChain fhirSecurity(
			HttpSecurity http,
			SecurityProperties security,
			JwtDecoder decoder,
			FhirContext fhirContext,
			AuditLog auditLog,
			FhirAddress address,
			FullPathCorsSource cors) throws Exception {
		// Path matchers, not Spring MVC ones: /fhir belongs to HAPI's servlet, not to the DispatcherServlet.
		http.securityMatcher(path(null, RestfulServerConfig.FHIR_PATH + "/**"))
				.csrf(csrf -> csrf.disable())
				.cors(c -> c.configurationSource(cors))
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(cache -> cache.disable());
		if (!security.enabled()) {
			return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
					.addFilterAfter(unrestricted(), SecurityContextHolderFilter.class)
					.build();
		}
		FhirSecurityResponses responses = new FhirSecurityResponses(fhirContext);
		return http
				.authorizeHttpRequests(a -> a
						.requestMatchers(path(HttpMethod.GET, PUBLIC_FHIR)).permitAll()
						.requestMatchers(path(HttpMethod.HEAD, PUBLIC_FHIR)).permitAll()
						.anyRequest().authenticated())
				.oauth2ResourceServer(rs -> rs
						.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new CallerTokenConverter(security)))
						.bearerTokenResolver(new HeaderOnlyBearerTokens())
						.authenticationEntryPoint(responses)
						.accessDeniedHandler(responses))
				.exceptionHandling(e -> e.authenticationEntryPoint(responses).accessDeniedHandler(responses))
				.addFilterBefore(new AuditFilter(auditLog, address, fhirContext), BearerTokenAuthenticationFilter.class)
				.addFilterAfter(callerOnRequest(), BearerTokenAuthenticationFilter.class)
				.build();
	}

	/** The EHR launch API: a user access token, no audit trail of its own (the launch is audited by the app's use). */
	@Bean
	@Order(3)
	public SecurityFilterChain launchSecurity(
			HttpSecurity http, SecurityProperties security, JwtDecoder decoder, FhirContext fhirContext) throws Exception {
		FhirSecurityResponses responses = new FhirSecurityResponses(fhirContext);
		return http.securityMatcher(path(null, LaunchController.PATH))
				.csrf(csrf -> csrf.disable())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.authorizeHttpRequests(a -> a.anyRequest().authenticated())
				.oauth2ResourceServer(rs -> rs
						.jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new CallerTokenConverter(security)))
						.bearerTokenResolver(new HeaderOnlyBearerTokens())
						.authenticationEntryPoint(responses)
						.accessDeniedHandler(responses))
				.addFilterAfter(callerOnRequest(), BearerTokenAuthenticationFilter.class)
				.build();
	}

	/** Everything else: health and info open, other actuator endpoints closed, sign-in pages of the embedded server. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	public SecurityFilterChain defaultSecurity(HttpSecurity http, Environment environment, FullPathCorsSource cors) throws Exception {
		// CORS here too: the authorization server's chain matches POST /oauth2/token only, not its pre-flight.
		http.cors(c -> c.configurationSource(cors));
		http.authorizeHttpRequests(a -> a
				.requestMatchers(path(null, "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")).permitAll()
				.requestMatchers(path(null, "/actuator/**")).denyAll()
				.requestMatchers(path(null, "/smart/**")).authenticated()
				.anyRequest().permitAll());
		if (!EmbeddedIssuer.isExternal(environment)) {
			http.formLogin(Customizer.withDefaults());
		}
		return http.build();
	}

	/** Puts the verified token's caller on the request, where HAPI's hooks find it. */
	private static OncePerRequestFilter callerOnRequest() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				// Without a token only the public paths get this far (CapabilityStatement, SMART discovery).
				request.setAttribute(Caller.ATTRIBUTE,
						SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication
								? authentication.caller()
								: Caller.ANONYMOUS);
				chain.doFilter(request, response);
			}
		};
	}

	private static OncePerRequestFilter unrestricted() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				request.setAttribute(Caller.ATTRIBUTE, Caller.UNRESTRICTED);
				chain.doFilter(request, response);
			}
		};
	}

	private static RequestMatcher path(HttpMethod method, String... patterns) {
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		RequestMatcher[] matchers = java.util.Arrays.stream(patterns)
				.map(p -> method == null ? builder.matcher(p) : builder.matcher(method, p))
				.toArray(RequestMatcher[]::new);
		return matchers.length == 1 ? matchers[0] : new OrRequestMatcher(matchers);
	}

	private static String firstNonBlank(String a, String b) {
		return a != null && !a.isBlank() ? a : b;
	}
}
