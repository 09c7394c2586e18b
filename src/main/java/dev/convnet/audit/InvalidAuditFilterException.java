package dev.convnet.audit;

import dev.convnet.common.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A query parameter of the audit log that cannot be used; the problem document's {@code field} names it. */
class InvalidAuditFilterException extends ErrorResponseException {

    InvalidAuditFilterException(String parameter, String problem) {
        super(HttpStatus.BAD_REQUEST, ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-audit-filter",
                "Invalid audit log filter", "'" + parameter + "' " + problem, "field", parameter), null);
    }
}
