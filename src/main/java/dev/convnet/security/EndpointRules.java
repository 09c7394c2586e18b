package dev.convnet.security;

import dev.convnet.common.EndpointPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one table of who may call what: each rule maps a method and path pattern to the scope it needs, or to no
 * scope (open). The first rule that matches decides; a request no rule matches is refused, so a new endpoint stays
 * closed until it gets a rule here (to all but admins under /api/v1 and /v2, who see the 404 or 405 of a path or
 * method that does not exist). Reading (any GET under /api/v1) needs {@code predict}: a caller that may use a
 * model may see what models, jobs and datasets exist.
 */
public final class EndpointRules {

    /**
     * @param scope    null: open to anyone
     * @param catchAll true for the last rules of /api/v1 and /v2, which name no endpoint: they let an admin see the
     *                 404 or 405 of a path or method that does not exist; an endpoint only they match has no rule
     */
    public record Rule(HttpMethod method, String pattern, Scope scope, boolean catchAll, RequestMatcher matcher) {

        static Rule of(HttpMethod method, String pattern, Scope scope) {
            return new Rule(method, pattern, scope, false, PathPatternRequestMatcher.withDefaults().matcher(method, pattern));
        }

        static Rule catchAll(String pattern) {
            return new Rule(null, pattern, Scope.ADMIN, true, PathPatternRequestMatcher.withDefaults().matcher(pattern));
        }

        public boolean open() {
            return scope == null;
        }
    }

    private final List<Rule> rules;

    public EndpointRules(boolean prometheusOpen) {
        List<Rule> table = new ArrayList<>();
        // probes, the build's description, and the API's own documentation
        open(table, null, List.of("/actuator/health", "/actuator/health/**", "/actuator/info", "/error"));
        open(table, null, EndpointPaths.DOCUMENTATION);
        table.add(Rule.of(HttpMethod.GET, "/actuator/prometheus", prometheusOpen ? null : Scope.ADMIN));
        table.add(Rule.of(null, "/actuator/**", Scope.ADMIN));
        open(table, HttpMethod.GET, List.of("/v2/health/live", "/v2/health/ready"));

        table.add(Rule.of(null, "/api/v1/audit-events/**", Scope.ADMIN));

        scoped(table, HttpMethod.POST, Scope.PREDICT, EndpointPaths.PREDICTION);
        scoped(table, HttpMethod.POST, Scope.PREDICT, "/v2/models/*/infer", "/v2/models/*/versions/*/infer");
        scoped(table, HttpMethod.GET, Scope.PREDICT, "/v2/**");

        scoped(table, HttpMethod.POST, Scope.TRAIN, "/api/v1/training-jobs", "/api/v1/training-jobs/*/cancel",
                "/api/v1/datasets", "/api/v1/models/*/evaluation", "/api/v1/experiments", "/api/v1/experiments/*/cancel");
        scoped(table, HttpMethod.POST, Scope.TRAIN, "/api/v1/datasets/folders");
        scoped(table, HttpMethod.DELETE, Scope.TRAIN, "/api/v1/experiments/*", "/api/v1/datasets/folders/*");

        scoped(table, HttpMethod.POST, Scope.MANAGE, "/api/v1/models", "/api/v1/models/import",
                "/api/v1/presets/*/models");
        scoped(table, HttpMethod.PUT, Scope.MANAGE, "/api/v1/models/*/weights", "/api/v1/models/by-name/*/aliases/*");
        scoped(table, HttpMethod.DELETE, Scope.MANAGE, "/api/v1/models/*", "/api/v1/models/by-name/*/aliases/*");

        scoped(table, HttpMethod.GET, Scope.PREDICT, "/api/v1/**");
        table.add(Rule.catchAll("/api/v1/**"));
        table.add(Rule.catchAll("/v2/**"));
        this.rules = List.copyOf(table);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule deciding a call of this method on this concrete path; empty: none, so it is refused. */
    public Optional<Rule> ruleFor(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return rules.stream()
                .filter(rule -> rule.method() == null || rule.method().equals(method))
                .filter(rule -> PathPatternParser.defaultInstance.parse(rule.pattern()).matches(container))
                .findFirst();
    }

    /** The rule deciding this request; empty: none, so it is refused. */
    public Optional<Rule> ruleFor(HttpServletRequest request) {
        return rules.stream().filter(rule -> rule.matcher().matches(request)).findFirst();
    }

    private static void open(List<Rule> table, HttpMethod method, List<String> patterns) {
        scoped(table, method, null, patterns);
    }

    private static void scoped(List<Rule> table, HttpMethod method, Scope scope, String... patterns) {
        scoped(table, method, scope, List.of(patterns));
    }

    private static void scoped(List<Rule> table, HttpMethod method, Scope scope, List<String> patterns) {
        for (String pattern : patterns) {
            table.add(Rule.of(method, pattern, scope));
        }
    }
}
