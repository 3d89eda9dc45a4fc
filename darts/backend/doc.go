// Package backend chooses the GoMLX backend that DARTS runs on and creates it.
//
// NewBackend picks, in order: the backend named by GOMLX_BACKEND; XLA when a PJRT plugin is already
// installed; else "darts-cpu", our CPU backend (package dartscpu, registered with GoMLX by
// importing this package). It never downloads anything. InitializeOnHost initialises variables on
// the host for backends that cannot run GoMLX's initialisers well; XLAGraphOnly builds XLA graphs
// without a plugin, to measure them.
package backend
