package org.ketaminefhir.server.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.IBaseInterceptorBroadcaster.IInvoker;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RequestPath.Kind;
import org.ketaminefhir.server.fhir.RequestPath.Step;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

/** {@link RequestPath} names every filter, chain and hook the running server has, at the order it runs them. */
class RequestPathIT extends FhirServerTestBase {

    @Autowired
    ApplicationContext context;

    @Autowired
    RestfulServer restfulServer;

    @Autowired
    IInterceptorService storage;

    @Test
    void everyServletFilterOfOursRunsAtItsOrder() {
        Map<String, Integer> actual = new TreeMap<>();
        for (FilterRegistrationBean<?> registration :
                context.getBeansOfType(FilterRegistrationBean.class).values()) {
            if (isOurs(registration.getFilter().getClass())) {
                actual.put(registration.getFilter().getClass().getSimpleName(), registration.getOrder());
            }
        }
        for (DelegatingFilterProxyRegistrationBean registration : context.getBeansOfType(
                        DelegatingFilterProxyRegistrationBean.class)
                .values()) {
            actual.put(registration.getFilterName(), registration.getOrder());
        }
        Map<String, Integer> named = new TreeMap<>();
        steps(Kind.FILTER).forEach(step -> named.put(step.names().get(0), step.order()));
        assertThat(actual).isEqualTo(named);
    }

    @Test
    void theSecurityChainsRunInTheirOrderWithOurFiltersInThem() {
        Map<String, SecurityFilterChain> beans = context.getBeansOfType(SecurityFilterChain.class);
        List<List<String>> actual = new ArrayList<>();
        for (SecurityFilterChain chain : context.getBean(FilterChainProxy.class).getFilterChains()) {
            List<String> names = new ArrayList<>();
            beans.forEach((name, bean) -> {
                if (bean == chain) {
                    names.add(name);
                }
            });
            chain.getFilters().stream()
                    .filter(filter -> isOurs(filter.getClass()))
                    .forEach(filter -> names.add(filter.getClass().getSimpleName()));
            actual.add(names);
        }
        assertThat(actual).isEqualTo(steps(Kind.CHAIN).map(Step::names).toList());
    }

    @Test
    void everyHookRunsAtTheOrderOfItsStep() {
        Map<Integer, Set<String>> named = new HashMap<>();
        steps(Kind.HOOKS)
                .forEach(step -> named.computeIfAbsent(step.order(), o -> new TreeSet<>())
                        .addAll(step.names()));
        List<String> unnamed = new ArrayList<>();
        List<String> sharedOrders = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Pointcut pointcut : Pointcut.values()) {
            Map<String, Integer> orders = new LinkedHashMap<>();
            for (IInvoker invoker : invokers(pointcut)) {
                String name = invoker.getInterceptor().getClass().getSimpleName();
                seen.add(name);
                if (!named.getOrDefault(invoker.getOrder(), Set.of()).contains(name)) {
                    unnamed.add(pointcut + ": " + name + " at " + invoker.getOrder());
                }
                orders.put(name, invoker.getOrder());
                orders.forEach((other, order) -> {
                    if (!other.equals(name)
                            && order == invoker.getOrder()
                            && isOurs(invoker.getInterceptor().getClass())) {
                        sharedOrders.add(pointcut + ": " + other + " and " + name + " at " + order);
                    }
                });
            }
        }
        TreeSet<String> stale = new TreeSet<>();
        named.values().forEach(stale::addAll);
        stale.removeAll(seen);

        assertThat(unnamed).as("hooks not in RequestPath at their order").isEmpty();
        assertThat(sharedOrders)
                .as("classes of ours ordered only by registration")
                .isEmpty();
        assertThat(stale).as("RequestPath steps no hook runs at").isEmpty();
    }

    @Test
    void theStepsAreListedInOrder() {
        for (Kind kind : Kind.values()) {
            List<Integer> orders = steps(kind).map(Step::order).toList();
            assertThat(orders).as(kind.name()).isSortedAccordingTo(Comparator.naturalOrder());
        }
    }

    /** HAPI's order at a pointcut: the storage's interceptors and the endpoint's, merged and sorted by order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<IInvoker> invokers(Pointcut pointcut) {
        List global = ((InterceptorService) storage).getInvokersForPointcut(pointcut);
        List endpoint = ((InterceptorService) restfulServer.getInterceptorService()).getInvokersForPointcut(pointcut);
        return BaseInterceptorService.union(List.of(global, endpoint));
    }

    private static Stream<Step> steps(Kind kind) {
        return RequestPath.STEPS.stream().filter(step -> step.kind() == kind);
    }

    private static boolean isOurs(Class<?> type) {
        return type.getName().startsWith("org.ketaminefhir.");
    }
}
