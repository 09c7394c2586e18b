package dev.convnet.inference;

import dev.convnet.engine.runtime.CpuShare;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The servlet filters of the prediction endpoints. */
@Configuration(proxyBeanMethods = false)
class ServingFilters {

    @Bean
    ServingCpuShareFilter servingCpuShareFilter(CpuShare cpuShare) {
        return new ServingCpuShareFilter(cpuShare);
    }
}
