package container

// lifecycleVerbs are stop, restart, kill, rm, pause, unpause, rename, wait, logs, commit, export; container prune.
func lifecycleVerbs() verbs {
	return verbs{}
}
