package query

// A port of V8's Array.prototype.sort (third_party/v8/builtins/array-sort.tq,
// the TimSort of CPython's listsort) as Node 20 (V8 11.3) runs it. Node's
// process() sorts with a comparator that is not always consistent (mixed
// types, NaN, objects, and the way it combines several sort keys); with such a
// comparator the result depends on the exact sequence of comparisons, so the
// algorithm is reproduced step by step rather than replaced by sort.Stable.

const minGallopWins = 7

type timSorter struct {
	a         []any
	cmp       func(x, y any) float64
	minGallop int
	runBase   []int
	runLen    []int
	tmp       []any
}

func (s *timSorter) compare(x, y any) float64 {
	v := s.cmp(x, y)
	if v != v {
		return 0
	}
	return v
}

// v8Sort sorts a in place as V8 does with comparefn cmp. Elements must not
// be undefined (V8 moves those to the end without comparing them; the
// caller's data never contains undefined).
func v8Sort(a []any, cmp func(x, y any) float64) {
	n := len(a)
	if n < 2 {
		return
	}
	s := &timSorter{a: a, cmp: cmp, minGallop: minGallopWins}
	remaining := n
	low := 0
	minRun := computeMinRunLength(remaining)
	for remaining != 0 {
		cur := s.countAndMakeRun(low, low+remaining)
		if cur < minRun {
			forced := min(minRun, remaining)
			s.binaryInsertionSort(low, low+cur, low+forced)
			cur = forced
		}
		s.runBase = append(s.runBase, low)
		s.runLen = append(s.runLen, cur)
		s.mergeCollapse()
		low += cur
		remaining -= cur
	}
	s.mergeForceCollapse()
}

func computeMinRunLength(n int) int {
	r := 0
	for n >= 64 {
		r |= n & 1
		n >>= 1
	}
	return n + r
}

func (s *timSorter) binaryInsertionSort(low, startArg, high int) {
	start := startArg
	if low == startArg {
		start++
	}
	for ; start < high; start++ {
		left, right := low, start
		pivot := s.a[right]
		for left < right {
			mid := left + ((right - left) >> 1)
			if s.compare(pivot, s.a[mid]) < 0 {
				right = mid
			} else {
				left = mid + 1
			}
		}
		for p := start; p > left; p-- {
			s.a[p] = s.a[p-1]
		}
		s.a[left] = pivot
	}
}

func (s *timSorter) countAndMakeRun(lowArg, high int) int {
	low := lowArg + 1
	if low == high {
		return 1
	}
	runLength := 2
	elementLow := s.a[low]
	elementLowPred := s.a[low-1]
	order := s.compare(elementLow, elementLowPred)
	descending := order < 0
	prev := elementLow
	for idx := low + 1; idx < high; idx++ {
		cur := s.a[idx]
		order = s.compare(cur, prev)
		if descending {
			if order >= 0 {
				break
			}
		} else if order < 0 {
			break
		}
		prev = cur
		runLength++
	}
	if descending {
		for lo, hi := lowArg, lowArg+runLength-1; lo < hi; lo, hi = lo+1, hi-1 {
			s.a[lo], s.a[hi] = s.a[hi], s.a[lo]
		}
	}
	return runLength
}

func (s *timSorter) runInvariantEstablished(n int) bool {
	if n < 2 {
		return true
	}
	return s.runLen[n-2] > s.runLen[n-1]+s.runLen[n]
}

func (s *timSorter) mergeCollapse() {
	for len(s.runLen) > 1 {
		n := len(s.runLen) - 2
		if !s.runInvariantEstablished(n+1) || !s.runInvariantEstablished(n) {
			if s.runLen[n-1] < s.runLen[n+1] {
				n--
			}
			s.mergeAt(n)
		} else if s.runLen[n] <= s.runLen[n+1] {
			s.mergeAt(n)
		} else {
			break
		}
	}
}

func (s *timSorter) mergeForceCollapse() {
	for len(s.runLen) > 1 {
		n := len(s.runLen) - 2
		if n > 0 && s.runLen[n-1] < s.runLen[n+1] {
			n--
		}
		s.mergeAt(n)
	}
}

func (s *timSorter) mergeAt(i int) {
	baseA, lengthA := s.runBase[i], s.runLen[i]
	baseB, lengthB := s.runBase[i+1], s.runLen[i+1]
	s.runLen[i] = lengthA + lengthB
	if i == len(s.runLen)-3 {
		s.runBase[i+1] = s.runBase[i+2]
		s.runLen[i+1] = s.runLen[i+2]
	}
	s.runBase = s.runBase[:len(s.runBase)-1]
	s.runLen = s.runLen[:len(s.runLen)-1]

	k := s.gallopRight(s.a, s.a[baseB], baseA, lengthA, 0)
	baseA += k
	lengthA -= k
	if lengthA == 0 {
		return
	}
	lengthB = s.gallopLeft(s.a, s.a[baseA+lengthA-1], baseB, lengthB, lengthB-1)
	if lengthB == 0 {
		return
	}
	if lengthA <= lengthB {
		s.mergeLow(baseA, lengthA, baseB, lengthB)
	} else {
		s.mergeHigh(baseA, lengthA, baseB, lengthB)
	}
}

func (s *timSorter) gallopLeft(arr []any, key any, base, length, hint int) int {
	lastOfs, offset := 0, 1
	if s.compare(arr[base+hint], key) < 0 {
		maxOfs := length - hint
		for offset < maxOfs {
			if s.compare(arr[base+hint+offset], key) >= 0 {
				break
			}
			lastOfs = offset
			offset = (offset << 1) + 1
			if offset <= 0 {
				offset = maxOfs
			}
		}
		if offset > maxOfs {
			offset = maxOfs
		}
		lastOfs += hint
		offset += hint
	} else {
		maxOfs := hint + 1
		for offset < maxOfs {
			if s.compare(arr[base+hint-offset], key) < 0 {
				break
			}
			lastOfs = offset
			offset = (offset << 1) + 1
			if offset <= 0 {
				offset = maxOfs
			}
		}
		if offset > maxOfs {
			offset = maxOfs
		}
		tmp := lastOfs
		lastOfs = hint - offset
		offset = hint - tmp
	}
	lastOfs++
	for lastOfs < offset {
		m := lastOfs + ((offset - lastOfs) >> 1)
		if s.compare(arr[base+m], key) < 0 {
			lastOfs = m + 1
		} else {
			offset = m
		}
	}
	return offset
}

func (s *timSorter) gallopRight(arr []any, key any, base, length, hint int) int {
	lastOfs, offset := 0, 1
	if s.compare(key, arr[base+hint]) < 0 {
		maxOfs := hint + 1
		for offset < maxOfs {
			if s.compare(key, arr[base+hint-offset]) >= 0 {
				break
			}
			lastOfs = offset
			offset = (offset << 1) + 1
			if offset <= 0 {
				offset = maxOfs
			}
		}
		if offset > maxOfs {
			offset = maxOfs
		}
		tmp := lastOfs
		lastOfs = hint - offset
		offset = hint - tmp
	} else {
		maxOfs := length - hint
		for offset < maxOfs {
			if s.compare(key, arr[base+hint+offset]) < 0 {
				break
			}
			lastOfs = offset
			offset = (offset << 1) + 1
			if offset <= 0 {
				offset = maxOfs
			}
		}
		if offset > maxOfs {
			offset = maxOfs
		}
		lastOfs += hint
		offset += hint
	}
	lastOfs++
	for lastOfs < offset {
		m := lastOfs + ((offset - lastOfs) >> 1)
		if s.compare(key, arr[base+m]) < 0 {
			offset = m
		} else {
			lastOfs = m + 1
		}
	}
	return offset
}

func (s *timSorter) tempArray(n int) []any {
	if len(s.tmp) < n {
		s.tmp = make([]any, max(n, 32))
	}
	return s.tmp
}

func (s *timSorter) mergeLow(baseA, lengthA, baseB, lengthB int) {
	w := s.a
	t := s.tempArray(lengthA)
	copy(t[:lengthA], w[baseA:baseA+lengthA])
	dest, cursorTemp, cursorB := baseA, 0, baseB
	w[dest] = w[cursorB]
	dest++
	cursorB++

	succeed := func() {
		if lengthA > 0 {
			copy(w[dest:dest+lengthA], t[cursorTemp:cursorTemp+lengthA])
		}
	}
	copyB := func() {
		copy(w[dest:dest+lengthB], w[cursorB:cursorB+lengthB])
		w[dest+lengthB] = t[cursorTemp]
	}

	lengthB--
	if lengthB == 0 {
		succeed()
		return
	}
	if lengthA == 1 {
		copyB()
		return
	}
	minGallop := s.minGallop
	for {
		winsA, winsB := 0, 0
		for {
			if s.compare(w[cursorB], t[cursorTemp]) < 0 {
				w[dest] = w[cursorB]
				dest++
				cursorB++
				winsB++
				lengthB--
				winsA = 0
				if lengthB == 0 {
					succeed()
					return
				}
				if winsB >= minGallop {
					break
				}
			} else {
				w[dest] = t[cursorTemp]
				dest++
				cursorTemp++
				winsA++
				lengthA--
				winsB = 0
				if lengthA == 1 {
					copyB()
					return
				}
				if winsA >= minGallop {
					break
				}
			}
		}
		minGallop++
		first := true
		for winsA >= minGallopWins || winsB >= minGallopWins || first {
			first = false
			minGallop = max(1, minGallop-1)
			s.minGallop = minGallop
			winsA = s.gallopRight(t, w[cursorB], cursorTemp, lengthA, 0)
			if winsA > 0 {
				copy(w[dest:dest+winsA], t[cursorTemp:cursorTemp+winsA])
				dest += winsA
				cursorTemp += winsA
				lengthA -= winsA
				if lengthA == 1 {
					copyB()
					return
				}
				if lengthA == 0 {
					succeed()
					return
				}
			}
			w[dest] = w[cursorB]
			dest++
			cursorB++
			lengthB--
			if lengthB == 0 {
				succeed()
				return
			}
			winsB = s.gallopLeft(w, t[cursorTemp], cursorB, lengthB, 0)
			if winsB > 0 {
				copy(w[dest:dest+winsB], w[cursorB:cursorB+winsB])
				dest += winsB
				cursorB += winsB
				lengthB -= winsB
				if lengthB == 0 {
					succeed()
					return
				}
			}
			w[dest] = t[cursorTemp]
			dest++
			cursorTemp++
			lengthA--
			if lengthA == 1 {
				copyB()
				return
			}
		}
		minGallop++
		s.minGallop = minGallop
	}
}

func (s *timSorter) mergeHigh(baseA, lengthA, baseB, lengthB int) {
	w := s.a
	t := s.tempArray(lengthB)
	copy(t[:lengthB], w[baseB:baseB+lengthB])
	dest := baseB + lengthB - 1
	cursorTemp := lengthB - 1
	cursorA := baseA + lengthA - 1
	w[dest] = w[cursorA]
	dest--
	cursorA--

	succeed := func() {
		if lengthB > 0 {
			copy(w[dest-(lengthB-1):dest+1], t[:lengthB])
		}
	}
	copyA := func() {
		dest -= lengthA
		cursorA -= lengthA
		copy(w[dest+1:dest+1+lengthA], w[cursorA+1:cursorA+1+lengthA])
		w[dest] = t[cursorTemp]
	}

	lengthA--
	if lengthA == 0 {
		succeed()
		return
	}
	if lengthB == 1 {
		copyA()
		return
	}
	minGallop := s.minGallop
	for {
		winsA, winsB := 0, 0
		for {
			if s.compare(t[cursorTemp], w[cursorA]) < 0 {
				w[dest] = w[cursorA]
				dest--
				cursorA--
				winsA++
				lengthA--
				winsB = 0
				if lengthA == 0 {
					succeed()
					return
				}
				if winsA >= minGallop {
					break
				}
			} else {
				w[dest] = t[cursorTemp]
				dest--
				cursorTemp--
				winsB++
				lengthB--
				winsA = 0
				if lengthB == 1 {
					copyA()
					return
				}
				if winsB >= minGallop {
					break
				}
			}
		}
		minGallop++
		first := true
		for winsA >= minGallopWins || winsB >= minGallopWins || first {
			first = false
			minGallop = max(1, minGallop-1)
			s.minGallop = minGallop
			k := s.gallopRight(w, t[cursorTemp], baseA, lengthA, lengthA-1)
			winsA = lengthA - k
			if winsA > 0 {
				dest -= winsA
				cursorA -= winsA
				copy(w[dest+1:dest+1+winsA], w[cursorA+1:cursorA+1+winsA])
				lengthA -= winsA
				if lengthA == 0 {
					succeed()
					return
				}
			}
			w[dest] = t[cursorTemp]
			dest--
			cursorTemp--
			lengthB--
			if lengthB == 1 {
				copyA()
				return
			}
			k = s.gallopLeft(t, w[cursorA], 0, lengthB, lengthB-1)
			winsB = lengthB - k
			if winsB > 0 {
				dest -= winsB
				cursorTemp -= winsB
				copy(w[dest+1:dest+1+winsB], t[cursorTemp+1:cursorTemp+1+winsB])
				lengthB -= winsB
				if lengthB == 1 {
					copyA()
					return
				}
				if lengthB == 0 {
					succeed()
					return
				}
			}
			w[dest] = w[cursorA]
			dest--
			cursorA--
			lengthA--
			if lengthA == 0 {
				succeed()
				return
			}
		}
		minGallop++
		s.minGallop = minGallop
	}
}
