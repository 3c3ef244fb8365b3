package io.github.promexport.deployment.binder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodParameterInfo;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.annotation.CountedInterceptor;
import io.github.promexport.runtime.binder.annotation.TimedInterceptor;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.MeterTag;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.InterceptorBindingRegistrarBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.InterceptorBindingRegistrar;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveMethodBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Micrometer's {@code @Counted} and {@code @Timed} on CDI bean methods, when
 * {@code quarkus.prometheus.binder.annotations.enabled} is true. They are not CDI interceptor bindings by
 * themselves, so they are registered as such, with every member non-binding.
 */
@BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.Annotations.class })
class AnnotationsProcessor {

    static final DotName METER_TAG = DotName.createSimple(MeterTag.class);
    static final String ANNOTATIONS_KEY = "quarkus.prometheus.binder.annotations.enabled";
    static final String NO_RESOLVER = "io.micrometer.common.annotation.NoOpValueResolver";

    @BuildStep
    InterceptorBindingRegistrarBuildItem registerAnnotationsAsInterceptorBindings() {
        return new InterceptorBindingRegistrarBuildItem(new InterceptorBindingRegistrar() {
            @Override
            public List<InterceptorBinding> getAdditionalBindings() {
                return List.of(InterceptorBinding.of(Counted.class, member -> true),
                        InterceptorBinding.of(Timed.class, member -> true));
            }
        });
    }

    @BuildStep
    AdditionalBeanBuildItem registerInterceptors() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(CountedInterceptor.class, TimedInterceptor.class)
                .setUnremovable()
                .build();
    }

    /**
     * {@code @MeterTag} takes the argument's {@code toString()}; {@code expression} and {@code resolver} are not
     * supported, and failing the build says so instead of silently tagging something else.
     */
    @BuildStep
    void rejectUnsupportedMeterTags(CombinedIndexBuildItem index, BuildProducer<ValidationErrorBuildItem> errors) {
        List<String> unsupported = new ArrayList<>();
        for (AnnotationInstance meterTag : index.getIndex().getAnnotations(METER_TAG)) {
            AnnotationValue expression = meterTag.value("expression");
            AnnotationValue resolver = meterTag.value("resolver");
            if ((expression != null && !expression.asString().isEmpty())
                    || (resolver != null && !resolver.asClass().name().toString().equals(NO_RESOLVER))) {
                unsupported.add(describe(meterTag.target()));
            }
        }
        if (!unsupported.isEmpty()) {
            Collections.sort(unsupported);
            errors.produce(new ValidationErrorBuildItem(new ConfigurationException(
                    "@MeterTag with expression or resolver is not supported: " + unsupported
                            + ". Use @MeterTag(key = \"...\"): the tag value is the argument's toString(); or set "
                            + ANNOTATIONS_KEY + "=false",
                    Set.of(ANNOTATIONS_KEY))));
        }
    }

    /** {@code com.example.Orders#place(region)} for a parameter. */
    private static String describe(AnnotationTarget target) {
        if (target.kind() != AnnotationTarget.Kind.METHOD_PARAMETER) {
            return target.toString();
        }
        MethodParameterInfo parameter = target.asMethodParameter();
        return parameter.method().declaringClass().name() + "#" + parameter.method().name() + "(" + parameter.name() + ")";
    }

    /** The interceptors read {@code @MeterTag} from the parameters of the intercepted method by reflection. */
    @BuildStep
    List<ReflectiveMethodBuildItem> registerMeterTagMethodsForReflection(CombinedIndexBuildItem index) {
        List<ReflectiveMethodBuildItem> reflective = new ArrayList<>();
        for (AnnotationInstance meterTag : index.getIndex().getAnnotations(METER_TAG)) {
            if (meterTag.target().kind() == AnnotationTarget.Kind.METHOD_PARAMETER) {
                reflective.add(new ReflectiveMethodBuildItem(getClass().getName() + ": @MeterTag parameter annotations",
                        meterTag.target().asMethodParameter().method()));
            }
        }
        return reflective;
    }
}
