package dev.convnet.engine.fit;

/** The loss became NaN or infinite: more epochs cannot help, so the run stops at once. */
public class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(int epoch, int iteration, double loss) {
        super("training diverged: the loss became " + loss + " at epoch " + (epoch + 1) + ", iteration " + iteration
                + "; lower the learning rate or check the data");
    }
}
