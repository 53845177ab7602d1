package container

// streamVerbs are attach, start, exec.
func streamVerbs() verbs {
	return verbs{}
}
