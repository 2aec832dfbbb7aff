package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;

/**
 * HAPI's AuthorizationInterceptor, with each request's rules built from its caller's SMART scopes
 * ({@link SmartRules}); anything no rule allows is refused (403). Filtered scopes are matched in memory with the JPA
 * server's search-parameter matcher.
 */
@Interceptor(order = RequestPath.AUTHORIZATION)
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    private final SmartRules rules;
    /** The rules depend on the caller only (its scopes, patient, roles): built once per token holder, not per request. */
    private final Cache<Caller, List<IAuthRule>> byCaller = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(15))
            .build();

    public SmartAuthorizationInterceptor(SmartRules rules, IAuthorizationSearchParamMatcher matcher) {
        super(PolicyEnum.DENY);
        this.rules = rules;
        setAuthorizationSearchParamMatcher(matcher);
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        Caller caller =
                Caller.of(request).orElseThrow(() -> new AuthenticationException("An access token is required"));
        return byCaller.get(caller.withoutTokenId(), rules::rulesFor);
    }

    @Override
    public Verdict applyRulesAndReturnDecision(
            RestOperationTypeEnum operation,
            RequestDetails request,
            IBaseResource inputResource,
            IIdType inputResourceId,
            IBaseResource outputResource,
            Pointcut pointcut) {
        // HAPI refuses a resource's own history up front for compartment rules (it cannot see the type in the request);
        // decide it like a read of that resource: every version returned is still checked against the rules.
        RestOperationTypeEnum decideAs =
                operation == RestOperationTypeEnum.HISTORY_INSTANCE && outputResource == null && inputResource == null
                        ? RestOperationTypeEnum.READ
                        : operation;
        return super.applyRulesAndReturnDecision(
                decideAs, request, inputResource, inputResourceId, outputResource, pointcut);
    }

    /**
     * What an operation reads with the caller's rights must be readable by the caller. HAPI checks an operation's
     * answer, but not the resource it is invoked on when that is not a container (it looks only inside it): a
     * {@code $rems-summary} on another patient's session would otherwise run.
     */
    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void operationReads(IPreResourceShowDetails shown, RequestDetails request) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        if (interaction != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                && interaction != RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
                && interaction != RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource == null) {
                continue;
            }
            Verdict verdict = applyRulesAndReturnDecision(
                    RestOperationTypeEnum.READ, request, null, null, resource, Pointcut.STORAGE_PRESHOW_RESOURCES);
            if (verdict.getDecision() != PolicyEnum.ALLOW) {
                handleDeny(request, verdict);
            }
        }
    }

    @Override
    protected void handleDeny(RequestDetails request, Verdict decision) {
        throw new ForbiddenOperationException(
                "Access denied: the access token's scopes do not allow " + describe(request) + " (" + decision + ")");
    }

    private static String describe(RequestDetails request) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        String what = interaction == null ? "this request" : interaction.getCode();
        String target = request.getId() != null && request.getId().hasIdPart()
                ? request.getId().toUnqualifiedVersionless().getValue()
                : request.getResourceName();
        return target == null ? what : what + " on " + target;
    }
}
