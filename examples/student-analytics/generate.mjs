#!/usr/bin/env node
// Generates the student-records data set of this example: SYNTHETIC data from a fixed seed (no real
// student is described). Writes students.csv, courses.csv and enrollments.csv into the folder given.
//
//   node examples/student-analytics/generate.mjs OUT_DIR [--students 600] [--seed 42]
//
// Outcomes follow a known rule plus noise (attendance, submitted assignments, the midterm and the course's
// difficulty raise or lower the odds of passing), so a model has something real to learn.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--'));
if (!out) {
  console.error('usage: node generate.mjs OUT_DIR [--students N] [--seed S]');
  process.exit(2);
}
const flag = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : fallback; };
const STUDENTS = flag('students', 600);
let state = flag('seed', 42) >>> 0;
const random = () => { state = (state + 0x6d2b79f5) >>> 0; let t = state; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const regions = ['North', 'South', 'East', 'West', 'Central'];
const departments = [['Mathematics', 0.8], ['Physics', 0.7], ['Computer Science', 0.5], ['History', 0.2], ['Literature', 0.1], ['Economics', 0.4]];
const terms = ['2024-spring', '2024-autumn', '2025-spring', '2025-autumn'];

const courses = [];
for (let c = 1; c <= 36; c++) {
  const [department, base] = departments[(c - 1) % departments.length];
  courses.push({ course_id: c, title: `${department} ${100 + c}`, department, credits: pick([3, 4, 5, 6]), difficulty: Math.round((base + random() * 0.4) * 100) / 100 });
}
const students = [];
for (let s = 1; s <= STUDENTS; s++) {
  students.push({ student_id: s, name: `Student ${String(s).padStart(4, '0')}`, birth_year: 1998 + Math.floor(random() * 8), region: pick(regions), enrolled_on: `${2022 + Math.floor(random() * 3)}-09-0${1 + Math.floor(random() * 9)}` });
}
const enrollments = [];
let id = 1;
for (const s of students) {
  const diligence = random();
  const n = 6 + Math.floor(random() * 8);
  for (let k = 0; k < n; k++) {
    const course = pick(courses);
    const attendance = Math.min(1, Math.max(0.2, diligence * 0.6 + random() * 0.5));
    const submitted = Math.min(10, Math.round(diligence * 7 + random() * 4));
    const midterm = Math.min(100, Math.max(0, Math.round(35 + diligence * 40 + random() * 30 - course.difficulty * 15)));
    const z = -6.5 + 4.5 * attendance + 0.35 * submitted + 0.06 * midterm - 2.2 * course.difficulty + (random() - 0.5) * 2;
    const pass = z > 0;
    const finalScore = Math.min(100, Math.max(0, Math.round(midterm + (pass ? 10 : -10) + (random() - 0.5) * 20)));
    enrollments.push({ enrollment_id: id++, student_id: s.student_id, course_id: course.course_id, term: pick(terms), attendance_rate: attendance.toFixed(3), assignments_submitted: submitted, midterm_score: midterm, final_score: finalScore, outcome: pass ? 'pass' : 'fail' });
  }
}
const csv = (rows) => [Object.keys(rows[0]).join(','), ...rows.map((r) => Object.values(r).join(','))].join('\n') + '\n';
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'students.csv'), csv(students));
writeFileSync(join(out, 'courses.csv'), csv(courses));
writeFileSync(join(out, 'enrollments.csv'), csv(enrollments));
console.log(JSON.stringify({ students: students.length, courses: courses.length, enrollments: enrollments.length }));
