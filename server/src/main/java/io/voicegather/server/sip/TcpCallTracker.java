package io.voicegather.server.sip;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which TCP connection each live dialog depends on, so that an idle timeout never cuts the connection our BYE must
 * go out on. The core says so explicitly: it binds a dialog to the connection its INVITE came on when it creates the
 * dialog, and unbinds it when the dialog ends, whichever transport carried the end (a BYE over UDP or another
 * connection included). A connection's close forgets its dialogs. Binding is by dialog identity, so binding or
 * unbinding twice is harmless. Loop thread only.
 *
 * @param <O> the connection type
 */
final class TcpCallTracker<O> {
    private final Map<Object, O> ownerByDialog = new HashMap<>();
    private final Map<O, Set<Object>> dialogsByOwner = new HashMap<>();

    /** {@code dialog} now needs {@code owner}; a dialog has one owner, so binding again moves it. */
    void bind(Object dialog, O owner) {
        unbind(dialog);
        ownerByDialog.put(dialog, owner);
        dialogsByOwner.computeIfAbsent(owner, k -> new HashSet<>()).add(dialog);
    }

    /** {@code dialog} has ended; does nothing when it is not bound. */
    void unbind(Object dialog) {
        O owner = ownerByDialog.remove(dialog);
        if (owner == null) {
            return;
        }
        Set<Object> owned = dialogsByOwner.get(owner);
        if (owned != null) {
            owned.remove(dialog);
            if (owned.isEmpty()) {
                dialogsByOwner.remove(owner);
            }
        }
    }

    /** The connection is gone: the dialogs bound to it can no longer be reached over it. */
    void onClosed(O owner) {
        Set<Object> owned = dialogsByOwner.remove(owner);
        if (owned != null) {
            for (Object dialog : owned) {
                ownerByDialog.remove(dialog);
            }
        }
    }

    boolean carriesCall(O owner) {
        return dialogsByOwner.containsKey(owner);
    }

    int liveCalls() {
        return ownerByDialog.size();
    }
}
