package org.ketaminefhir.server.security.authserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.EmbeddedIssuer;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.FullPathCorsSource;
import org.ketaminefhir.server.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The embedded SMART authorization server (Spring Authorization Server), on unless an external issuer is configured:
 * sign-in, authorization code with PKCE S256 for public apps (standalone launch with a patient picker, EHR launch with a
 * launch id), refresh tokens with rotation, client_credentials with {@code private_key_jwt} for backend services,
 * OpenID Connect ID tokens with {@code fhirUser}. Its signing key, users, apps and grants live in the server's database.
 */
@Configuration
@Conditional(EmbeddedIssuer.class)
public class EmbeddedAuthorizationServerConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedAuthorizationServerConfig.class);

    @Bean
    public SigningKeys signingKeys(JdbcTemplate jdbc, ServerSchema schema) {
        return new SigningKeys(jdbc);
    }

    @Bean
    public JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return keys.source();
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public ClinicUsers clinicUsers(JdbcTemplate jdbc, PasswordEncoder passwords, ServerSchema schema) {
        return new ClinicUsers(jdbc, passwords);
    }

    @Bean
    public RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc, ServerSchema schema) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    @Bean
    public OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    public ClinicApps clinicApps(
            RegisteredClientRepository clients,
            ClinicUsers users,
            SecurityProperties security,
            DataSourceProperties dataSource) {
        ClinicApps apps = new ClinicApps(clients, security.authorizationServer());
        users.seed(security.authorizationServer().users());
        security.authorizationServer().clients().forEach(apps::register);
        if (DemoClinic.isOn(security.demo(), DatabaseDialect.forJdbcUrl(dataSource.determineUrl()))) {
            new DemoClinic(security.demo()).register(users, apps);
        }
        return apps;
    }

    @Bean
    public LaunchContexts launchContexts(JdbcTemplate jdbc, SecurityProperties security, ServerSchema schema) {
        return new LaunchContexts(jdbc, security.authorizationServer().launchContextLifetime());
    }

    @Bean
    public PatientPicker patientPicker(ClinicUsers users, DaoRegistry daos) {
        return new PatientPicker(users, daos);
    }

    @Bean
    public PatientPicker.Page patientPickerPage(PatientPicker picker) {
        return picker.page();
    }

    @Bean
    public OAuth2TokenGenerator<?> tokenGenerator(
            JWKSource<SecurityContext> keys, ClinicUsers users, FhirAddress address, SecurityProperties security) {
        JwtGenerator jwt = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwt.setJwtCustomizer(new SmartTokenClaims(users, address::fhirBase, security.roleClaim()));
        return new DelegatingOAuth2TokenGenerator(jwt, RefreshTokens.generator());
    }

    @Bean
    @Order(RequestPath.CHAIN_AUTHORIZATION_SERVER)
    public SecurityFilterChain authorizationServerSecurity(
            HttpSecurity http,
            RegisteredClientRepository clients,
            OAuth2AuthorizationService authorizations,
            OAuth2TokenGenerator<?> tokenGenerator,
            ClinicUsers users,
            ClinicApps apps,
            LaunchContexts launches,
            PatientPicker picker,
            JdbcTemplate jdbc,
            FhirAddress address,
            SecurityProperties security,
            JwtDecoder decoder,
            FullPathCorsSource cors,
            FhirContext fhirContext)
            throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (address.configuredIssuer() != null) {
            settings.issuer(address.configuredIssuer());
        }
        AuthorizationServerSettings serverSettings = settings.build();
        // Resource scopes may name only R4 resource types (and *): the others are never granted.
        java.util.Set<String> resourceTypes = java.util.Set.copyOf(fhirContext.getResourceTypes());
        SmartAuthorizationRequests smartRequests =
                new SmartAuthorizationRequests(users, launches, resourceTypes::contains);
        TokenEndpointErrors tokenErrors = new TokenEndpointErrors();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(
                        server,
                        as -> as.registeredClientRepository(clients)
                                .authorizationService(authorizations)
                                .authorizationConsentService(new JdbcOAuth2AuthorizationConsentService(jdbc, clients))
                                .authorizationServerSettings(serverSettings)
                                .tokenGenerator(tokenGenerator)
                                .oidc(oidc -> {})
                                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestConverters(
                                                converters -> converters.replaceAll(c -> c
                                                                instanceof
                                                                OAuth2AuthorizationCodeRequestAuthenticationConverter
                                                        ? smartRequests
                                                        : c))
                                        .authenticationProviders(providers -> providers.forEach(p -> {
                                            if (p
                                                    instanceof
                                                    OAuth2AuthorizationCodeRequestAuthenticationProvider code) {
                                                code.setAuthenticationValidator(
                                                        SmartRequestValidation.authorizationRequests(
                                                                address::fhirBase));
                                            }
                                        })))
                                .tokenEndpoint(endpoint -> endpoint.accessTokenResponseHandler(
                                                SmartTokenResponses.handler(authorizations))
                                        .errorResponseHandler(tokenErrors)
                                        .authenticationProviders(providers -> {
                                            providers.replaceAll(
                                                    p -> p instanceof OAuth2RefreshTokenAuthenticationProvider refresh
                                                            ? RefreshTokens.singleUse(refresh, jdbc)
                                                            : p);
                                            providers.replaceAll(p -> {
                                                if (p
                                                        instanceof
                                                        OAuth2ClientCredentialsAuthenticationProvider credentials) {
                                                    credentials.setAuthenticationValidator(
                                                            SmartRequestValidation.clientCredentials());
                                                    return SmartRequestValidation.clientCredentialsScopes(
                                                            credentials, resourceTypes::contains);
                                                }
                                                return p;
                                            });
                                        }))
                                .clientAuthentication(authentication -> authentication
                                        .errorResponseHandler(tokenErrors)
                                        .authenticationConverter(BackendClients.clientIdFromAssertion())
                                        .authenticationConverter(
                                                RefreshTokens.publicClientConverter(authorizations, clients))
                                        .authenticationProvider(RefreshTokens.publicClientProvider(clients))
                                        .authenticationProviders(providers -> providers.forEach(p -> {
                                            if (p instanceof JwtClientAssertionAuthenticationProvider assertions) {
                                                assertions.setJwtDecoderFactory(BackendClients.assertionDecoders(
                                                        jdbc,
                                                        security.authorizationServer()
                                                                .clientAssertionMaxLifetime()));
                                            }
                                        }))))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .cors(c -> c.configurationSource(cors))
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.decoder(decoder)))
                .addFilterAfter(picker.filter(), SecurityContextHolderFilter.class)
                .addFilterBefore(
                        new TokenRequestCheck(serverSettings.getTokenEndpoint()),
                        AbstractPreAuthenticatedProcessingFilter.class)
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                tokenErrors,
                                PathPatternRequestMatcher.withDefaults()
                                        .matcher(
                                                org.springframework.http.HttpMethod.POST,
                                                serverSettings.getTokenEndpoint()))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"),
                                new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        log.info("Embedded SMART authorization server on (apps and users in the database; external issuer: set "
                + "spring.security.oauth2.resourceserver.jwt.issuer-uri)");
        return http.build();
    }
}
