export default {
  guideSidebar: ['intro', 'next'],
};
