package dev.convnet.experiment;

import dev.convnet.common.NotFoundException;
import dev.convnet.training.TrainingJobService;
import dev.convnet.training.TrainingJobView;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads an experiment's rows and the jobs of its runs, through the training service. */
@Component
class ExperimentSnapshots {

    private final ExperimentRepository experiments;
    private final TrainingJobService jobs;

    ExperimentSnapshots(ExperimentRepository experiments, TrainingJobService jobs) {
        this.experiments = experiments;
        this.jobs = jobs;
    }

    StoredExperiment find(UUID id) {
        return experiments.find(id).orElseThrow(() -> new NotFoundException("Experiment", id.toString()));
    }

    ExperimentSnapshot of(UUID id) {
        return of(find(id));
    }

    ExperimentSnapshot of(StoredExperiment experiment) {
        List<StoredExperiment.Variant> variants = experiments.variants(experiment.id());
        List<ExperimentSnapshot.RunSnapshot> runs = experiments.runs(experiment.id()).stream()
                .map(run -> new ExperimentSnapshot.RunSnapshot(run, variants.get(run.variant()).name(), job(run.jobId())))
                .toList();
        return new ExperimentSnapshot(experiment, variants, runs);
    }

    private TrainingJobView job(UUID id) {
        if (id == null) {
            return null;
        }
        try {
            return jobs.get(id);
        } catch (NotFoundException e) { // a job row removed by hand: the run is shown without it
            return null;
        }
    }
}
