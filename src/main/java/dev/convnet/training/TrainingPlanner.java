package dev.convnet.training;

import dev.convnet.admission.ModelAdmission;
import dev.convnet.common.BadRequestException;
import dev.convnet.dataset.DatasetCatalog;
import dev.convnet.dataset.DatasetInfo;
import dev.convnet.dataset.DatasetNotFoundException;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.InputShape;
import dev.convnet.definition.Loss;
import dev.convnet.definition.ModelDefinition;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ShapeInference;
import dev.convnet.engine.fit.OptimizerSettings;
import dev.convnet.engine.fit.ScheduleSettings;
import dev.convnet.engine.fit.TrainingSettings;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Checks a training job against its model and dataset and fills in Keras's defaults. Every refusal names
 * the request field at fault, as a JSON pointer. Ranges of single fields are the request's constraints,
 * checked before the job gets here.
 */
@Component
class TrainingPlanner {

    private final DatasetCatalog datasets;
    private final TrainingProperties properties;
    private final ModelAdmission admission;

    TrainingPlanner(DatasetCatalog datasets, TrainingProperties properties, ModelAdmission admission) {
        this.datasets = datasets;
        this.properties = properties;
        this.admission = admission;
    }

    TrainingPlan plan(TrainingJobRequest request, ModelEntry model, long seed) {
        DatasetInfo dataset = dataset(request.dataset());
        Architecture architecture = withLoss(model.architecture(), request.loss());
        checkFits(architecture, dataset);
        int epochs = orDefault(request.epochs(), 1);
        int batchSize = orDefault(request.batchSize(), 32);
        OptimizerSettings optimizer = optimizer(request.optimizer());
        admission.checkTraining(architecture, batchSize, optimizer.updaterStateSlots());
        ScheduleSettings schedule = schedule(request.schedule(), optimizer);
        if (schedule.kind() != ScheduleSettings.Kind.CONSTANT && optimizer.decay() > 0) {
            throw new BadRequestException("/schedule/type", "use either optimizer.decay or a schedule, not both");
        }
        TrainingJobRequest.EarlyStopping early = request.earlyStopping();
        int patience = early == null ? 0 : orDefault(early.patience(), 0);
        double minDelta = early == null || early.minDelta() == null ? 0 : nonNegative("/earlyStopping/minDelta", early.minDelta());
        TrainingSettings settings = new TrainingSettings(epochs, batchSize, optimizer, schedule, seed, 0, patience, minDelta,
                Math.max(1, properties.progressEvery()), labelSmoothing(request.labelSmoothing(), architecture));
        TrainingPlan.ValidationMode mode = validationMode(request.validation(), dataset);
        double fraction = mode == TrainingPlan.ValidationMode.SPLIT ? fraction(request.validation().fraction()) : 0;
        return new TrainingPlan(architecture, dataset.name(), settings, request.shuffle() == null || request.shuffle(), mode,
                fraction, orDefault(request.checkpointEveryEpochs(), 1),
                AugmentationPlanner.plan(request.augmentation(), dataset.shape()), Boolean.TRUE.equals(request.keepPartialModelOnCancel()),
                subset("/trainImages", request.trainImages(), dataset.trainSize(), "training", dataset.name()),
                subset("/testImages", request.testImages(), dataset.testSize(), "test", dataset.name()), admission.inferenceBatchSize(architecture, TrainingPlan.EVALUATION_BATCH_SIZE));
    }

    static long seedOf(TrainingJobRequest request) {
        return request.seed() != null ? request.seed() : ThreadLocalRandom.current().nextLong();
    }

    private DatasetInfo dataset(String name) {
        DatasetInfo info;
        try {
            info = datasets.describe(name);
        } catch (DatasetNotFoundException e) {
            throw new BadRequestException("/dataset", "dataset '" + name + "' does not exist; GET /api/v1/datasets lists them");
        }
        if (!info.available() && !info.downloadable()) {
            // Absent and not downloadable: loading fails at once with the 409 that says which files go where.
            datasets.load(name);
        }
        return info;
    }

    private static Architecture withLoss(Architecture architecture, String lossName) {
        if (lossName == null) {
            return architecture;
        }
        Loss loss = Loss.parse(lossName).orElseThrow(() -> new BadRequestException("/loss",
                "loss '" + lossName + "' is unknown; one of: " + Loss.allowedValues()));
        ModelDefinition definition = architecture.definition();
        return new ShapeInference().infer(definition.withLoss(loss));
    }

    private static void checkFits(Architecture architecture, DatasetInfo dataset) {
        InputShape input = architecture.definition().inputShape();
        var shape = dataset.shape();
        if (input.height() != shape.height() || input.width() != shape.width() || input.channels() != shape.channels()) {
            throw new BadRequestException("/model", "the model's input shape " + input.asList() + " does not fit dataset '"
                    + dataset.name() + "', whose images are [" + shape.height() + ", " + shape.width() + ", "
                    + shape.channels() + "]");
        }
        var output = architecture.outputShape();
        if (output.isSpatial() || output.lastAxis() != dataset.classes().size()) {
            throw new BadRequestException("/model", "the model's output " + output.kerasText() + " does not fit the "
                    + dataset.classes().size() + " classes of dataset '" + dataset.name() + "'; its last layer needs "
                    + dataset.classes().size() + " units");
        }
    }

    private static OptimizerSettings optimizer(TrainingJobRequest.Optimizer o) {
        String type = o == null || o.type() == null ? "sgd" : o.type().toLowerCase(Locale.ROOT);
        OptimizerSettings.Kind kind = switch (type) {
            case "sgd" -> OptimizerSettings.Kind.SGD;
            case "rmsprop" -> OptimizerSettings.Kind.RMSPROP;
            case "adam" -> OptimizerSettings.Kind.ADAM;
            case "adamw" -> OptimizerSettings.Kind.ADAMW;
            default -> throw new BadRequestException("/optimizer/type", "optimizer '" + o.type()
                    + "' is unknown; one of: sgd, rmsprop, adam, adamw");
        };
        double lr = positive("/optimizer/learningRate", o == null || o.learningRate() == null
                ? (kind == OptimizerSettings.Kind.SGD ? 0.01 : 0.001) : o.learningRate());
        double momentum = o == null || o.momentum() == null ? 0 : o.momentum();
        if (momentum > 0 && kind != OptimizerSettings.Kind.SGD) {
            throw new BadRequestException("/optimizer/momentum", "momentum applies to sgd only");
        }
        boolean nesterov = o != null && Boolean.TRUE.equals(o.nesterov());
        double rho = o == null || o.rho() == null ? 0.9 : o.rho();
        double decay = o == null || o.decay() == null ? 0 : nonNegative("/optimizer/decay", o.decay());
        double beta1 = o == null || o.beta1() == null ? 0.9 : o.beta1();
        double beta2 = o == null || o.beta2() == null ? 0.999 : o.beta2();
        double epsilon = o == null || o.epsilon() == null ? 1e-7 : positive("/optimizer/epsilon", o.epsilon());
        double weightDecay = o == null || o.weightDecay() == null ? (kind == OptimizerSettings.Kind.ADAMW ? 0.004 : 0)
                : nonNegative("/optimizer/weightDecay", o.weightDecay());
        if (weightDecay > 0 && kind != OptimizerSettings.Kind.ADAMW) {
            throw new BadRequestException("/optimizer/weightDecay", "weightDecay applies to adamw only");
        }
        return new OptimizerSettings(kind, lr, momentum, nesterov, rho, decay, beta1, beta2, epsilon, weightDecay);
    }

    private static ScheduleSettings schedule(TrainingJobRequest.Schedule s, OptimizerSettings optimizer) {
        String type = s == null || s.type() == null ? "constant" : s.type().toLowerCase(Locale.ROOT).replace("_", "");
        return switch (type) {
            case "constant" -> ScheduleSettings.CONSTANT;
            case "step" -> new ScheduleSettings(ScheduleSettings.Kind.STEP,
                    orDefault(s.stepEpochs(), 10), s.gamma() == null ? 0.1
                    : positive("/schedule/gamma", s.gamma()), 0, 0);
            case "cosine" -> new ScheduleSettings(ScheduleSettings.Kind.COSINE, 0, 1,
                    s.minLearningRate() == null ? 0 : nonNegative("/schedule/minLearningRate", s.minLearningRate()), 0);
            case "onecycle" -> new ScheduleSettings(ScheduleSettings.Kind.ONE_CYCLE, 0, 1, 0,
                    s.maxLearningRate() == null ? optimizer.learningRate() * 10 : positive("/schedule/maxLearningRate", s.maxLearningRate()));
            default -> throw new BadRequestException("/schedule/type", "schedule '" + s.type()
                    + "' is unknown; one of: constant, step, cosine, oneCycle");
        };
    }

    private static TrainingPlan.ValidationMode validationMode(TrainingJobRequest.Validation v, DatasetInfo dataset) {
        String mode = v == null || v.mode() == null ? (dataset.testSize() > 0 ? "test" : "none") : v.mode().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "test" -> {
                if (dataset.testSize() == 0) {
                    throw new BadRequestException("/validation/mode", "dataset '" + dataset.name() + "' has no test split; use split or none");
                }
                yield TrainingPlan.ValidationMode.TEST;
            }
            case "split" -> TrainingPlan.ValidationMode.SPLIT;
            case "none" -> TrainingPlan.ValidationMode.NONE;
            default -> throw new BadRequestException("/validation/mode", "validation mode '" + v.mode() + "' is unknown; one of: test, split, none");
        };
    }

    private static double fraction(Double value) {
        if (value == null || !(value > 0 && value < 1)) {
            throw new BadRequestException("/validation/fraction", "validation.fraction must be in (0, 1) with mode split, got " + value);
        }
        return value;
    }

    /** A training or test subset: 0 (all) when absent; more images than the split holds is refused naming the field. */
    static int subset(String field, Integer value, int available, String split, String dataset) {
        if (value == null) {
            return 0;
        }
        if (available > 0 && value > available) {
            throw new BadRequestException(field, field.substring(1) + " must be at most the " + available + " " + split
                    + " images of dataset '" + dataset + "', got " + value);
        }
        return value;
    }

    /** Keras offers label smoothing on its cross-entropy losses; on one-hot targets that is categorical_crossentropy. */
    private static double labelSmoothing(Double value, Architecture architecture) {
        if (value == null || value == 0) {
            return 0;
        }
        if (architecture.definition().loss() != Loss.CATEGORICAL_CROSSENTROPY) {
            throw new BadRequestException("/labelSmoothing", "labelSmoothing applies to the categorical_crossentropy loss only; "
                    + "this model's loss is " + architecture.definition().loss().kerasName());
        }
        return value;
    }

    private static int orDefault(Integer value, int defaultValue) {
        return value == null ? defaultValue : value;
    }

    private static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new BadRequestException(field, field.substring(1).replace('/', '.') + " must be a positive number, got " + value);
        }
        return value;
    }

    private static double nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new BadRequestException(field, field.substring(1).replace('/', '.') + " must be >= 0, got " + value);
        }
        return value;
    }
}
