package io.stkpush.websocket.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.PaymentEvent;

/**
 * One WebSocket text message per event: {@code type} in lower snake case ({@code push_status_changed}, …), then
 * {@code pushId, subscriberId, status, message, resultCode, receipt, paymentId, at}, absent values {@code null}.
 * A heartbeat is {@code {"type":"heartbeat","at":…}}. Times are ISO-8601 instants in UTC.
 */
final class EventJson {

    static final String HEARTBEAT = "heartbeat";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    static String event(PaymentEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type(event.type()));
        json.put("pushId", text(event.pushId()));
        json.put("subscriberId", text(event.subscriberId()));
        json.put("status", event.status() == null ? null : event.status().name());
        json.put("message", event.message());
        json.put("resultCode", event.resultCode());
        json.put("receipt", text(event.receipt()));
        json.put("paymentId", text(event.paymentId()));
        json.put("at", event.at().toString());
        return write(json);
    }

    static String heartbeat(Instant at) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", HEARTBEAT);
        json.put("at", at.toString());
        return write(json);
    }

    static String type(PaymentEvent.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String write(Map<String, Object> json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
