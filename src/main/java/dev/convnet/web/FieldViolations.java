package dev.convnet.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Bean Validation failures named as the service's hand-written checks name them: a body field as a JSON pointer
 * ({@code /optimizer/momentum}), a request parameter by its name ({@code topK}); the detail starts with the
 * field as the client wrote it.
 */
final class FieldViolations {

    /** One refused field; {@code field} is what a problem document's {@code field} member carries. */
    record Violation(String field, String detail) {
    }

    private FieldViolations() {
    }

    /** A {@code @Valid @RequestBody}'s violations, sorted by field so that the first one reported is stable. */
    static List<Violation> ofBody(Errors errors) {
        List<Violation> violations = new ArrayList<>();
        for (FieldError error : errors.getFieldErrors()) {
            String path = error.getField();
            violations.add(new Violation(pointer(path), path + " " + error.getDefaultMessage()));
        }
        errors.getGlobalErrors().forEach(error -> violations.add(new Violation("/", error.getDefaultMessage())));
        violations.sort(Comparator.comparing(Violation::field));
        return violations;
    }

    /** Violations of constrained parameters, and of bodies validated along with them. */
    static List<Violation> of(HandlerMethodValidationException e) {
        List<Violation> violations = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            if (result instanceof ParameterErrors errors) {
                violations.addAll(ofBody(errors));
                continue;
            }
            String name = parameterName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                violations.add(new Violation(name, name + " " + error.getDefaultMessage()));
            }
        }
        violations.sort(Comparator.comparing(Violation::field));
        return violations;
    }

    /** {@code optimizer.momentum} or {@code layers[0].units} as a JSON pointer. */
    static String pointer(String propertyPath) {
        return "/" + propertyPath.replace('[', '/').replace("]", "").replace('.', '/');
    }

    /** The name the client sends, which the annotation may give apart from the Java name. */
    private static String parameterName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        RequestPart part = parameter.getParameterAnnotation(RequestPart.class);
        if (part != null && !part.name().isEmpty()) {
            return part.name();
        }
        return parameter.getParameterName();
    }
}
