package dev.convnet.experiment;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Reconciles the running experiments every {@code convnet.experiments.reconcile-interval}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ExperimentSchedule implements SchedulingConfigurer {

    private final ExperimentReconciler reconciler;
    private final ExperimentProperties properties;

    ExperimentSchedule(ExperimentReconciler reconciler, ExperimentProperties properties) {
        this.reconciler = reconciler;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(reconciler::reconcileAll, properties.reconcileInterval());
    }
}
