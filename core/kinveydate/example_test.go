package kinveydate_test

import (
	"fmt"
	"time"

	"github.com/flexgo/flexgo/core/kinveydate"
)

func ExampleToKinveyDateString() {
	s, _ := kinveydate.ToKinveyDateString(time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC))
	fmt.Println(s)
	s, _ = kinveydate.ToKinveyDateString("Tue, 05 Mar 2024 10:00:00 GMT")
	fmt.Println(s)
	s, _ = kinveydate.ToKinveyDateString("not a date")
	fmt.Println(s)
	_, ok := kinveydate.ToKinveyDateString(42)
	fmt.Println(ok)
	// Output:
	// ISODate("2024-03-05T10:00:00.000Z")
	// ISODate("2024-03-05T10:00:00.000Z")
	// Invalid date
	// false
}

func ExampleFromKinveyDateString() {
	t, err := kinveydate.FromKinveyDateString(`ISODate("2024-03-05T10:00:00.000Z")`)
	fmt.Println(t, err)
	_, err = kinveydate.FromKinveyDateString("2024-03-05")
	fmt.Println(err)
	_, err = kinveydate.FromKinveyDateString(`ISODate("soon")`)
	fmt.Println(err)
	// Output:
	// 2024-03-05 10:00:00 +0000 UTC <nil>
	// Invalid date
	// Invalid Date
}
