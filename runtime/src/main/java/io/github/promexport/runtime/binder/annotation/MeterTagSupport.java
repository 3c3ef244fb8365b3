package io.github.promexport.runtime.binder.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.aop.MeterTag;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * Tags from {@link MeterTag} parameters: the tag key is {@code key()} (or its alias {@code value()}) and the tag
 * value is the argument's {@code toString()} ({@code "null"} for null). {@code expression} and {@code resolver}
 * are rejected at build time. What each method declares is read once and cached.
 */
final class MeterTagSupport {

    private static final ParameterTag[] NONE = new ParameterTag[0];
    private static final ConcurrentHashMap<Method, ParameterTag[]> PARAMETER_TAGS = new ConcurrentHashMap<>();

    private MeterTagSupport() {
    }

    /**
     * The tags both annotations put on an invocation: {@code class} and {@code method}, the annotation's
     * {@code extraTags}, then the {@code @MeterTag} parameters.
     */
    static Tags invocationTags(Method method, String[] extraTags, Object[] arguments) {
        return Tags.of("class", method.getDeclaringClass().getName(), "method", method.getName())
                .and(extraTags(extraTags))
                .and(tags(method, arguments));
    }

    static Tags tags(Method method, Object[] arguments) {
        ParameterTag[] declared = PARAMETER_TAGS.computeIfAbsent(method, MeterTagSupport::declaredTags);
        if (declared.length == 0) {
            return Tags.empty();
        }
        List<Tag> tags = new ArrayList<>(declared.length);
        for (ParameterTag tag : declared) {
            tags.add(Tag.of(tag.key, String.valueOf(arguments[tag.index])));
        }
        return Tags.of(tags);
    }

    static Tags extraTags(String[] keyValues) {
        return keyValues.length == 0 ? Tags.empty() : Tags.of(keyValues);
    }

    private static ParameterTag[] declaredTags(Method method) {
        Annotation[][] annotations = method.getParameterAnnotations();
        List<ParameterTag> result = new ArrayList<>();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof MeterTag meterTag) {
                    String key = meterTag.key().isEmpty() ? meterTag.value() : meterTag.key();
                    if (key.isEmpty()) {
                        key = method.getParameters()[i].getName();
                    }
                    result.add(new ParameterTag(i, key));
                }
            }
        }
        return result.isEmpty() ? NONE : result.toArray(NONE);
    }

    private record ParameterTag(int index, String key) {
    }
}
