// The page's state: what the server needs (the configuration) plus view options, and its form in
// the URL's hash (like the TensorFlow Playground's links), so a link reproduces the setup.

export const FEATURES = [
  { id: 'x1', label: 'X<sub>1</sub>', text: 'X1', f: (x, y) => x },
  { id: 'x2', label: 'X<sub>2</sub>', text: 'X2', f: (x, y) => y },
  { id: 'x1sq', label: 'X<sub>1</sub><sup>2</sup>', text: 'X1²', f: (x, y) => x * x },
  { id: 'x2sq', label: 'X<sub>2</sub><sup>2</sup>', text: 'X2²', f: (x, y) => y * y },
  { id: 'x1x2', label: 'X<sub>1</sub>X<sub>2</sub>', text: 'X1X2', f: (x, y) => x * y },
  { id: 'sinx1', label: 'sin(X<sub>1</sub>)', text: 'sin(X1)', f: (x, y) => Math.sin(x) },
  { id: 'sinx2', label: 'sin(X<sub>2</sub>)', text: 'sin(X2)', f: (x, y) => Math.sin(y) },
];

export const DATASETS = {
  classification: [
    { id: 'circle', name: 'Circle' }, { id: 'xor', name: 'Exclusive or' },
    { id: 'gauss', name: 'Gaussian' }, { id: 'spiral', name: 'Spiral' }],
  regression: [{ id: 'plane', name: 'Plane' }, { id: 'multigauss', name: 'Multi-Gauss' }],
};

export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'identity', 'leaky_relu', 'elu', 'gelu', 'softplus'];
export const ACTIVATION_NAMES = {
  tanh: 'Tanh', relu: 'ReLU', sigmoid: 'Sigmoid', identity: 'Linear', leaky_relu: 'Leaky ReLU', elu: 'ELU',
  gelu: 'GELU', softplus: 'Softplus', softmax: 'Softmax',
};
export const OPTIMIZERS = { sgd: 'SGD', momentum: 'Momentum', nesterov: 'Nesterov', adam: 'Adam', adamw: 'AdamW',
  adagrad: 'Adagrad', rmsprop: 'RMSprop', adadelta: 'Adadelta' };
export const LOSSES = { auto: 'Auto', binary_cross_entropy: 'Binary cross-entropy',
  categorical_cross_entropy: 'Categorical cross-entropy', mse: 'Mean squared error', half_sse: '½ sum of squares' };
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.5];
export const SPEEDS = [1, 2, 5, 10, 20, 50];

export function defaults() {
  return {
    problem: 'classification', dataset: 'circle', points: 500, ratio: 50, noise: 0, dataSeed: 1, batch: 10,
    features: ['x1', 'x2'],
    layers: [{ units: 4, activation: 'tanh', dropout: 0 }, { units: 2, activation: 'tanh', dropout: 0 }],
    outputActivation: 'auto', loss: 'auto', optimizer: 'sgd', learningRate: 0.03, regularization: 'none',
    regularizationRate: 0, earlyStopping: 0, speed: 1, initSeed: 42, planeX: 0, planeY: 1,
    showTest: false, discretize: false,
  };
}

const VIEW_KEYS = ['showTest', 'discretize'];

/** The configuration the server reads (view options left out). */
export function toConfig(state) {
  const c = { ...state };
  VIEW_KEYS.forEach((k) => delete c[k]);
  c.layers = state.layers.map((l) => ({ ...l }));
  return c;
}

/** state → "#problem=classification&dataset=circle&..." */
export function toHash(s) {
  const p = new URLSearchParams();
  p.set('problem', s.problem);
  p.set('dataset', s.dataset);
  p.set('points', s.points);
  p.set('ratio', s.ratio);
  p.set('noise', s.noise);
  p.set('seed', s.dataSeed);
  p.set('batch', s.batch);
  p.set('features', s.features.join(','));
  p.set('layers', s.layers.map((l) => l.units).join(','));
  p.set('activations', s.layers.map((l) => l.activation).join(','));
  p.set('dropout', s.layers.map((l) => l.dropout).join(','));
  p.set('output', s.outputActivation);
  p.set('loss', s.loss);
  p.set('optimizer', s.optimizer);
  p.set('lr', s.learningRate);
  p.set('reg', s.regularization);
  p.set('regRate', s.regularizationRate);
  p.set('early', s.earlyStopping);
  p.set('speed', s.speed);
  p.set('initSeed', s.initSeed);
  if (s.dataset === 'csv') {
    p.set('planeX', s.planeX);
    p.set('planeY', s.planeY);
  }
  p.set('showTest', s.showTest ? 1 : 0);
  p.set('discretize', s.discretize ? 1 : 0);
  return '#' + p.toString().replaceAll('%2C', ',');
}

/** Reads a hash written by toHash; anything missing or unreadable keeps its default. */
export function fromHash(hash) {
  const s = defaults();
  const p = new URLSearchParams((hash || '').replace(/^#/, ''));
  const str = (k, key = k) => { if (p.has(k)) s[key] = p.get(k); };
  const num = (k, key = k) => {
    if (p.has(k) && p.get(k) !== '' && Number.isFinite(Number(p.get(k)))) s[key] = Number(p.get(k));
  };
  str('problem'); str('dataset'); num('points'); num('ratio'); num('noise'); num('seed', 'dataSeed'); num('batch');
  str('output', 'outputActivation'); str('loss'); str('optimizer'); num('lr', 'learningRate'); str('reg', 'regularization');
  num('regRate', 'regularizationRate'); num('early', 'earlyStopping'); num('speed'); num('initSeed');
  num('planeX'); num('planeY');
  if (p.has('features')) s.features = p.get('features').split(',').filter((f) => f);
  if (p.has('layers')) {
    const units = p.get('layers').split(',').filter((u) => u !== '').map(Number);
    const acts = (p.get('activations') || '').split(',');
    const drops = (p.get('dropout') || '').split(',').map(Number);
    s.layers = units.map((u, i) => ({
      units: u, activation: acts[i] || acts[0] || 'tanh', dropout: Number.isFinite(drops[i]) ? drops[i] : 0,
    }));
  }
  s.showTest = p.get('showTest') === '1';
  s.discretize = p.get('discretize') === '1';
  return s;
}
