package container

// runVerbs are create, run, update.
func runVerbs() verbs {
	return verbs{}
}
