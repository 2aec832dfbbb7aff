package org.ketaminefhir.server.security.web;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.EmbeddedIssuer;
import org.ketaminefhir.server.security.FhirSecurityResponses;
import org.ketaminefhir.server.security.FullPathCorsSource;
import org.ketaminefhir.server.security.SecurityProperties;
import org.ketaminefhir.server.security.authserver.LaunchController;
import org.ketaminefhir.server.security.token.CallerAuthentication;
import org.ketaminefhir.server.security.token.CallerTokenConverter;
import org.ketaminefhir.server.security.token.HeaderOnlyBearerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's filter chains for the FHIR endpoint, the EHR launch API and everything else (the embedded
 * authorization server's and CDS Hooks' chains are theirs); their order is in {@link RequestPath}.
 */
@Configuration
public class SecurityChains {

    private static final Logger log = LoggerFactory.getLogger(SecurityChains.class);

    /** Paths of the FHIR endpoint that need no token. */
    static final String[] PUBLIC_FHIR = {
        FhirEndpoint.PATH + "/metadata",
        FhirEndpoint.PATH + "/.well-known/smart-configuration",
        // the OpenAPI description and its browsable page (HAPI's OpenApiInterceptor): what the CapabilityStatement says
        FhirEndpoint.PATH + "/api-docs",
        FhirEndpoint.PATH + "/swagger-ui/**"
    };

    /** The FHIR endpoint: a valid access token on everything but the CapabilityStatement and SMART discovery. */
    @Bean
    @Order(RequestPath.CHAIN_FHIR)
    public SecurityFilterChain fhirSecurity(
            HttpSecurity http,
            SecurityProperties security,
            JwtDecoder decoder,
            FhirContext fhirContext,
            FullPathCorsSource cors)
            throws Exception {
        // Path matchers, not Spring MVC ones: /fhir belongs to HAPI's servlet, not to the DispatcherServlet.
        http.securityMatcher(path(null, FhirEndpoint.PATH + "/**"))
                .csrf(csrf -> csrf.disable())
                .cors(c -> c.configurationSource(cors))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        if (!security.enabled()) {
            log.warn("ketamine.security.enabled=false: the FHIR endpoint answers everyone, with no token and no audit. "
                    + "Only for measuring what security costs; never with real data.");
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .addFilterAfter(new UnrestrictedCaller(), SecurityContextHolderFilter.class)
                    .build();
        }
        FhirSecurityResponses responses = new FhirSecurityResponses(fhirContext);
        return http.authorizeHttpRequests(a -> a.requestMatchers(path(HttpMethod.GET, PUBLIC_FHIR))
                        .permitAll()
                        .requestMatchers(path(HttpMethod.HEAD, PUBLIC_FHIR))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt ->
                                jwt.decoder(decoder).jwtAuthenticationConverter(new CallerTokenConverter(security)))
                        .bearerTokenResolver(new HeaderOnlyBearerTokens())
                        .authenticationEntryPoint(responses)
                        .accessDeniedHandler(responses))
                .exceptionHandling(e -> e.authenticationEntryPoint(responses).accessDeniedHandler(responses))
                .addFilterAfter(new CallerOnRequest(), BearerTokenAuthenticationFilter.class)
                .build();
    }

    /** The EHR launch API: a user access token, no audit trail of its own (the launch is audited by the app's use). */
    @Bean
    @Order(RequestPath.CHAIN_LAUNCH)
    public SecurityFilterChain launchSecurity(
            HttpSecurity http, SecurityProperties security, JwtDecoder decoder, FhirContext fhirContext)
            throws Exception {
        FhirSecurityResponses responses = new FhirSecurityResponses(fhirContext);
        return http.securityMatcher(path(null, LaunchController.PATH))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt ->
                                jwt.decoder(decoder).jwtAuthenticationConverter(new CallerTokenConverter(security)))
                        .bearerTokenResolver(new HeaderOnlyBearerTokens())
                        .authenticationEntryPoint(responses)
                        .accessDeniedHandler(responses))
                .addFilterAfter(new CallerOnRequest(), BearerTokenAuthenticationFilter.class)
                .build();
    }

    /** Everything else: health and info open, other actuator endpoints closed, sign-in pages of the embedded server. */
    @Bean
    @Order(RequestPath.CHAIN_DEFAULT)
    public SecurityFilterChain defaultSecurity(HttpSecurity http, Environment environment, FullPathCorsSource cors)
            throws Exception {
        // CORS here too: the authorization server's chain matches POST /oauth2/token only, not its pre-flight.
        http.cors(c -> c.configurationSource(cors));
        http.authorizeHttpRequests(a -> a.requestMatchers(
                        path(null, "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"))
                .permitAll()
                .requestMatchers(path(null, "/actuator/**"))
                .denyAll()
                .requestMatchers(path(null, "/smart/**"))
                .authenticated()
                .anyRequest()
                .permitAll());
        if (!EmbeddedIssuer.isExternal(environment)) {
            http.formLogin(Customizer.withDefaults());
        }
        return http.build();
    }

    /** Puts the verified token's caller on the request, where HAPI's hooks find it. */
    static final class CallerOnRequest extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // Without a token only the public paths get this far (CapabilityStatement, SMART discovery).
            request.setAttribute(
                    Caller.ATTRIBUTE,
                    SecurityContextHolder.getContext().getAuthentication()
                                    instanceof CallerAuthentication authentication
                            ? authentication.caller()
                            : Caller.ANONYMOUS);
            chain.doFilter(request, response);
        }
    }

    /** With security off, every request may do anything. */
    static final class UnrestrictedCaller extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            request.setAttribute(Caller.ATTRIBUTE, Caller.UNRESTRICTED);
            chain.doFilter(request, response);
        }
    }

    private static RequestMatcher path(HttpMethod method, String... patterns) {
        PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
        RequestMatcher[] matchers = java.util.Arrays.stream(patterns)
                .map(p -> method == null ? builder.matcher(p) : builder.matcher(method, p))
                .toArray(RequestMatcher[]::new);
        return matchers.length == 1 ? matchers[0] : new OrRequestMatcher(matchers);
    }
}
