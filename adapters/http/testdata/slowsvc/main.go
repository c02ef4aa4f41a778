// Command slowsvc is a Flex service whose function "slow" answers after FLEX_TEST_DELAY, and
// whose function "later" answers at once and keeps working for FLEX_TEST_DELAY with Task.Go. The
// drain test runs it as a real process and sends it SIGTERM under load.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/flexgo/flexgo/adapters/env"
	flexhttp "github.com/flexgo/flexgo/adapters/http"
	"github.com/flexgo/flexgo/core"
)

func main() {
	cfg, err := env.Load(core.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	delay, _ := time.ParseDuration(os.Getenv("FLEX_TEST_DELAY"))
	svc := core.NewService(core.WithConfig(cfg))
	svc.Function("slow", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
		fmt.Println("started", fc.RequestID)
		time.Sleep(delay)
		c.SetBody(map[string]string{"id": fc.RequestID}).OK().Done()
	})
	svc.Function("later", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
		c.Accepted().Done()
		fc.Go("later-work", func(ctx context.Context) {
			time.Sleep(delay)
			fmt.Println("background done", fc.RequestID)
		})
	})
	if err := flexhttp.Run(context.Background(), svc); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("exited cleanly")
}
