package routes.load;

import java.io.IOException;

/** The object named by a notification does not exist: a permanent problem of that batch. */
public class ObjectNotFoundException extends IOException {

    public ObjectNotFoundException(String message) {
        super(message);
    }
}
