package dev.convnet.audit;

import java.time.Instant;

/** A call to record, as the interceptor saw it; values are cut to the columns' sizes. */
record AuditedCall(Instant time, String who, String method, String path, String route, String target, int status,
                   String clientAddress, long durationMs) {

    AuditedCall {
        who = cut(who, 200);
        path = cut(path, 2000);
        route = cut(route, 300);
        target = cut(target, 300);
        clientAddress = cut(clientAddress, 100);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
