package container

// copyVerbs are cp.
func copyVerbs() verbs {
	return verbs{}
}
