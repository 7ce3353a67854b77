package painlog

// ParseDate reads a date written YYYY-MM-DD, from MinYear to MaxYear.
func ParseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := number(s[:4], 4)
	m, ok2 := number(s[5:7], 2)
	d, ok3 := number(s[8:], 2)
	if !ok1 || !ok2 || !ok3 || y < MinYear || y > MaxYear || m < 1 || m > 12 || d < 1 || d > monthDays(y, m) {
		return 0, false
	}
	return civil(y, m, d), true
}

func monthDays(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civil counts the days from 1970-01-01 to a date of the proleptic
// Gregorian calendar (the days_from_civil algorithm of H. Hinnant).
func civil(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// YMD returns the date's year, month and day.
func (d Date) YMD() (y, m, day int) {
	z := int(d) + 719468
	era := z / 146097 // z >= 0 for every year from 0
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, day
}

// String writes the date as YYYY-MM-DD.
func (d Date) String() string {
	y, m, day := d.YMD()
	b := []byte("0000-00-00")
	for i, v := range [...]int{y, m, day} {
		at, width := [...]int{0, 5, 8}[i], [...]int{4, 2, 2}[i]
		for j := at + width - 1; j >= at; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	return string(b)
}
