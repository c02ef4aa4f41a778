// Package run is what runs a handler: under its timeout budget ([Budget], [Call]), with a context
// of its own ([Context]), on a goroutine kept for the next one ([Pool]), and what counts the work
// handlers leave running beside them ([Background], [WorkGroup]). It knows nothing of the Flex
// protocol: the core owns the answers and says, through [Owner], what happens when the budget
// runs out or the caller goes away.
package run
