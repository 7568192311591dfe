import type { Sex } from '@nmo/domain';
import type { Random } from './random.ts';

interface NameGroup {
  /** Share of the synthetic cohort. NMOSD is relatively more frequent in people of East Asian and
   * African descent than MS is (CIRCLES, NEMOS cohorts), so those groups are well represented. */
  weight: number;
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
}

/**
 * Common given and family names by naming tradition. A patient's name combines a given and a family
 * name of one tradition at random, so the pairs are invented; none refers to a real person.
 */
const GROUPS: readonly NameGroup[] = [
  {
    weight: 14,
    female: ['Yuki', 'Haruka', 'Aiko', 'Mei', 'Sakura', 'Naomi', 'Emi', 'Kaori', 'Ji-woo', 'Min-seo', 'Seo-yeon'],
    male: ['Hiroshi', 'Takeshi', 'Kenji', 'Min-jun', 'Ji-ho', 'Wei', 'Jun'],
    family: ['Tanaka', 'Suzuki', 'Watanabe', 'Nakamura', 'Kobayashi', 'Kim', 'Park', 'Choi', 'Jeong', 'Kang'],
  },
  {
    weight: 10,
    female: ['Xiu Ying', 'Li Na', 'Mei Lin', 'Hui Min', 'Yan', 'Jing', 'Ling', 'Xiaoling', 'Fang'],
    male: ['Wei', 'Jian', 'Hao', 'Zhiwei', 'Lei', 'Ming'],
    family: ['Wang', 'Li', 'Zhang', 'Chen', 'Liu', 'Huang', 'Zhao', 'Lin', 'Wu', 'Zhou'],
  },
  {
    weight: 10,
    female: ['Priya', 'Ananya', 'Lakshmi', 'Deepa', 'Kavya', 'Thu Trang', 'Linh', 'Maria Clara', 'Siti', 'Dewi'],
    male: ['Arjun', 'Rahul', 'Vikram', 'Minh', 'Nguyen Anh', 'Rizal', 'Budi'],
    family: ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Nair', 'Nguyen', 'Tran', 'Pham', 'Santos', 'Reyes', 'Wijaya'],
  },
  {
    weight: 16,
    female: ['Amara', 'Chiamaka', 'Ngozi', 'Abena', 'Ama', 'Makeda', 'Wanjiru', 'Zawadi', 'Keisha', 'Shanice', 'Imani'],
    male: ['Kwame', 'Chinedu', 'Tunde', 'Kofi', 'Tesfaye', 'Juma', 'Marcus', 'Andre'],
    family: [
      'Okafor',
      'Adeyemi',
      'Mensah',
      'Boateng',
      'Bekele',
      'Mwangi',
      'Otieno',
      'Campbell',
      'Clarke',
      'Baptiste',
      'Williams',
    ],
  },
  {
    weight: 14,
    female: ['María José', 'Lucía', 'Valentina', 'Camila', 'Ana Paula', 'Fernanda', 'Gabriela', 'Rosa', 'Juliana'],
    male: ['Carlos', 'José Luis', 'Mateo', 'Diego', 'João', 'Rafael', 'Andrés'],
    family: [
      'García',
      'Rodríguez',
      'Hernández',
      'López',
      'Martínez',
      'González',
      'Silva',
      'Oliveira',
      'Souza',
      'Ramírez',
      'Torres',
    ],
  },
  {
    weight: 10,
    female: ['Fatima', 'Layla', 'Yasmin', 'Noor', 'Mariam', 'Zeynep', 'Elif', 'Shirin', 'Leila', 'Amira'],
    male: ['Omar', 'Youssef', 'Karim', 'Mehmet', 'Emre', 'Reza', 'Tariq'],
    family: ['Haddad', 'Khalil', 'Mansour', 'Farouk', 'Yilmaz', 'Demir', 'Kaya', 'Hosseini', 'Rahimi', 'Benali'],
  },
  {
    weight: 26,
    female: [
      'Anna',
      'Sophie',
      'Claire',
      'Ingrid',
      'Katarzyna',
      'Olena',
      'Giulia',
      'Eleni',
      'Siobhan',
      'Margaret',
      'Emma',
      'Laura',
      'Hanna',
      'Ana',
    ],
    male: ['Thomas', 'Lukas', 'Pierre', 'Lars', 'Piotr', 'Dmytro', 'Marco', 'Nikos', 'Sean', 'David'],
    family: [
      'Müller',
      'Schneider',
      'Dubois',
      'Lefèvre',
      'Jansen',
      'de Vries',
      'Andersson',
      'Nielsen',
      'Wójcik',
      'Nowak',
      'Shevchenko',
      'Rossi',
      'Ferrari',
      'Georgiou',
      "O'Brien",
      'Murphy',
      'Smith',
      'Taylor',
      'Novák',
      'Horváth',
    ],
  },
];

const WEIGHTED_GROUPS = GROUPS.map((group) => [group, group.weight] as const);

export function inventName(random: Random, sex: Sex): { givenName: string; familyName: string } {
  const group = random.weighted(WEIGHTED_GROUPS);
  const given = sex === 'male' ? group.male : group.female;
  return { givenName: random.pick(given), familyName: random.pick(group.family) };
}
